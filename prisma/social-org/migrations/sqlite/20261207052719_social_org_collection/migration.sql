-- AlterTable
ALTER TABLE "SocialOrgPenalty" ADD COLUMN "catalogItemCode" TEXT;
ALTER TABLE "SocialOrgPenalty" ADD COLUMN "withdrawnOn" TEXT;

-- CreateTable
CREATE TABLE "CollectedRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "archiveId" TEXT NOT NULL,
    "departmentCode" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,
    "sourceRecordId" TEXT NOT NULL,
    "recordType" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "contentHash" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "firstReceivedAt" DATETIME NOT NULL,
    "lastReceivedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CollectedRecordVersion" (
    "recordId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "receiptId" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "contentHash" TEXT NOT NULL,
    "data" TEXT NOT NULL,

    PRIMARY KEY ("recordId", "version")
);

-- CreateTable
CREATE TABLE "CollectionReceipt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "departmentCode" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "submitted" INTEGER NOT NULL DEFAULT 0,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "withdrawn" INTEGER NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE INDEX "CollectedRecord_subject_idx" ON "CollectedRecord"("subject");

-- CreateIndex
CREATE UNIQUE INDEX "CollectedRecord_departmentCode_itemCode_sourceRecordId_key" ON "CollectedRecord"("departmentCode", "itemCode", "sourceRecordId");

-- CreateIndex
CREATE INDEX "CollectionReceipt_departmentCode_receivedAt_idx" ON "CollectionReceipt"("departmentCode", "receivedAt");
