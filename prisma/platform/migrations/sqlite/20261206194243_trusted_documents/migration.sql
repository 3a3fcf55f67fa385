-- CreateTable
CREATE TABLE "TrustedDocument" (
    "institutionId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,

    PRIMARY KEY ("institutionId", "hash")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Institution" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "scopes" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL,
    "ratePerSecond" INTEGER NOT NULL DEFAULT 100,
    "burst" INTEGER NOT NULL DEFAULT 200,
    "dailyArchivePulls" INTEGER,
    "monthlyArchivePulls" INTEGER,
    "trustedDocumentsOnly" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_Institution" ("burst", "createdAt", "dailyArchivePulls", "id", "kind", "monthlyArchivePulls", "name", "ratePerSecond", "scopes", "status") SELECT "burst", "createdAt", "dailyArchivePulls", "id", "kind", "monthlyArchivePulls", "name", "ratePerSecond", "scopes", "status" FROM "Institution";
DROP TABLE "Institution";
ALTER TABLE "new_Institution" RENAME TO "Institution";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "TrustedDocument_hash_idx" ON "TrustedDocument"("hash");
