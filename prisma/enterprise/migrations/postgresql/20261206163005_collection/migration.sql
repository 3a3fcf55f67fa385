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
    "status" TEXT NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "format" TEXT,
    "encoding" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "error" TEXT,
    "submitted" INTEGER NOT NULL DEFAULT 0,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "withdrawn" INTEGER NOT NULL DEFAULT 0,
    "warnings" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CollectionReceipt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CollectionRejection" (
    "receiptId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "sourceRecordId" TEXT,
    "reason" TEXT NOT NULL,
    "field" TEXT,
    "message" TEXT NOT NULL,
    "row" TEXT NOT NULL,

    CONSTRAINT "CollectionRejection_pkey" PRIMARY KEY ("receiptId","position")
);

-- CreateTable
CREATE TABLE "CollectionDailyStat" (
    "departmentCode" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "deliveries" INTEGER NOT NULL DEFAULT 0,
    "submitted" INTEGER NOT NULL DEFAULT 0,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "withdrawn" INTEGER NOT NULL DEFAULT 0,
    "usccErrors" INTEGER NOT NULL DEFAULT 0,
    "timed" INTEGER NOT NULL DEFAULT 0,
    "onTime" INTEGER NOT NULL DEFAULT 0,
    "lagDays" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CollectionDailyStat_pkey" PRIMARY KEY ("departmentCode","itemCode","day")
);

-- CreateTable
CREATE TABLE "CollectionRejectStat" (
    "departmentCode" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "CollectionRejectStat_pkey" PRIMARY KEY ("departmentCode","itemCode","day","reason")
);

-- CreateTable
CREATE TABLE "ChangeEvent" (
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "type" TEXT NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "category" TEXT,
    "recordType" TEXT,
    "recordId" TEXT,
    "itemCode" TEXT,
    "departmentCode" TEXT,
    "version" INTEGER,
    "source" TEXT NOT NULL,
    "detail" TEXT,

    CONSTRAINT "ChangeEvent_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "ChangeEventSequence" (
    "id" INTEGER NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "ChangeEventSequence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CollectedRecord_archiveId_idx" ON "CollectedRecord"("archiveId");

-- CreateIndex
CREATE INDEX "CollectedRecord_subject_idx" ON "CollectedRecord"("subject");

-- CreateIndex
CREATE UNIQUE INDEX "CollectedRecord_departmentCode_itemCode_sourceRecordId_key" ON "CollectedRecord"("departmentCode", "itemCode", "sourceRecordId");

-- CreateIndex
CREATE INDEX "CollectionReceipt_departmentCode_receivedAt_idx" ON "CollectionReceipt"("departmentCode", "receivedAt");

-- CreateIndex
CREATE INDEX "CollectionDailyStat_day_idx" ON "CollectionDailyStat"("day");

-- CreateIndex
CREATE INDEX "ChangeEvent_subject_seq_idx" ON "ChangeEvent"("subject", "seq");

-- CreateIndex
CREATE INDEX "ChangeEvent_category_seq_idx" ON "ChangeEvent"("category", "seq");
