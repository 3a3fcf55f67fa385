-- CreateTable
CREATE TABLE "UsageOperation" (
    "institutionId" TEXT NOT NULL,
    "hourStart" DATETIME NOT NULL,
    "operationHash" TEXT NOT NULL,
    "operationName" TEXT,
    "fields" TEXT NOT NULL DEFAULT '',
    "requests" INTEGER NOT NULL DEFAULT 0,
    "archivePulls" INTEGER NOT NULL DEFAULT 0,
    "personRecordPulls" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("institutionId", "hourStart", "operationHash")
);

-- CreateIndex
CREATE INDEX "UsageOperation_hourStart_idx" ON "UsageOperation"("hourStart");

-- CreateIndex
CREATE INDEX "UsageBucket_hourStart_idx" ON "UsageBucket"("hourStart");
