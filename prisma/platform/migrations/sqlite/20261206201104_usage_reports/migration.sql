-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_UsageBucket" (
    "institutionId" TEXT NOT NULL,
    "hourStart" DATETIME NOT NULL,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "archivePulls" INTEGER NOT NULL DEFAULT 0,
    "personRecordPulls" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "totalLatencyMs" INTEGER NOT NULL DEFAULT 0,
    "reports" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("institutionId", "hourStart")
);
INSERT INTO "new_UsageBucket" ("archivePulls", "hourStart", "institutionId", "personRecordPulls", "rejected", "requests", "totalLatencyMs") SELECT "archivePulls", "hourStart", "institutionId", "personRecordPulls", "rejected", "requests", "totalLatencyMs" FROM "UsageBucket";
DROP TABLE "UsageBucket";
ALTER TABLE "new_UsageBucket" RENAME TO "UsageBucket";
CREATE INDEX "UsageBucket_hourStart_idx" ON "UsageBucket"("hourStart");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
