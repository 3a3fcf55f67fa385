-- AlterTable
ALTER TABLE "SocialOrgPenalty" ADD COLUMN     "catalogItemCode" TEXT,
ADD COLUMN     "withdrawnOn" TEXT;

-- CreateTable
CREATE TABLE "CollectedRecord" (
    "id" TEXT NOT NULL,
    "archiveId" TEXT NOT NULL,
    "departmentCode" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,
    "sourceRecordId" TEXT NOT NULL,
    "recordType" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "contentHash" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "firstReceivedAt" TIMESTAMP(3) NOT NULL,
    "lastReceivedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CollectedRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CollectedRecordVersion" (
    "recordId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "receiptId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "contentHash" TEXT NOT NULL,
    "data" TEXT NOT NULL,

    CONSTRAINT "CollectedRecordVersion_pkey" PRIMARY KEY ("recordId","version")
);

-- CreateTable
CREATE TABLE "CollectionReceipt" (
    "id" TEXT NOT NULL,
    "departmentCode" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "submitted" INTEGER NOT NULL DEFAULT 0,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "withdrawn" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CollectionReceipt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CollectedRecord_subject_idx" ON "CollectedRecord"("subject");

-- CreateIndex
CREATE UNIQUE INDEX "CollectedRecord_departmentCode_itemCode_sourceRecordId_key" ON "CollectedRecord"("departmentCode", "itemCode", "sourceRecordId");

-- CreateIndex
CREATE INDEX "CollectionReceipt_departmentCode_receivedAt_idx" ON "CollectionReceipt"("departmentCode", "receivedAt");
