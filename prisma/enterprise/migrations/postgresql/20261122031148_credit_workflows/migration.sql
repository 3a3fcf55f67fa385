-- AlterTable
ALTER TABLE "ListEntry" ADD COLUMN     "basisRecordId" TEXT;

-- CreateTable
CREATE TABLE "Objection" (
    "id" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "recordType" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "sourceDepartment" TEXT NOT NULL,
    "filedAt" TIMESTAMP(3) NOT NULL,
    "checkDueOn" TEXT NOT NULL,
    "routedAt" TIMESTAMP(3),
    "decisionDueOn" TEXT,
    "extended" BOOLEAN NOT NULL DEFAULT false,
    "decidedAt" TIMESTAMP(3),
    "decision" TEXT,
    "decisionNote" TEXT,
    "dueOn" TEXT,
    "openKey" TEXT,

    CONSTRAINT "Objection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ObjectionStep" (
    "id" TEXT NOT NULL,
    "objectionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "action" TEXT NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorId" TEXT NOT NULL,
    "note" TEXT,
    "detail" TEXT,

    CONSTRAINT "ObjectionStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RepairApplication" (
    "id" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "recordType" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "commitment" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "appliedAt" TIMESTAMP(3) NOT NULL,
    "dueOn" TEXT NOT NULL,
    "extended" BOOLEAN NOT NULL DEFAULT false,
    "decidedAt" TIMESTAMP(3),
    "decidedBy" TEXT,
    "decisionNote" TEXT,
    "pendingKey" TEXT,

    CONSTRAINT "RepairApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SanctionMatter" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,

    CONSTRAINT "SanctionMatter_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "SanctionMeasure" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "description" TEXT NOT NULL,

    CONSTRAINT "SanctionMeasure_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "SanctionRule" (
    "matterCode" TEXT NOT NULL,
    "measureCode" TEXT NOT NULL,
    "listName" TEXT NOT NULL,

    CONSTRAINT "SanctionRule_pkey" PRIMARY KEY ("matterCode","measureCode","listName")
);

-- CreateTable
CREATE TABLE "ListChange" (
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "change" TEXT NOT NULL,
    "listEntryId" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "listType" TEXT NOT NULL,
    "listName" TEXT NOT NULL,
    "listingAuthority" TEXT NOT NULL,
    "listedOn" TEXT NOT NULL,
    "removedOn" TEXT,
    "status" TEXT NOT NULL,
    "publicityEndDate" TEXT,
    "underObjection" BOOLEAN NOT NULL,

    CONSTRAINT "ListChange_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "ListChangeSequence" (
    "id" INTEGER NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "ListChangeSequence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Objection_openKey_key" ON "Objection"("openKey");

-- CreateIndex
CREATE INDEX "Objection_uscc_idx" ON "Objection"("uscc");

-- CreateIndex
CREATE INDEX "Objection_status_dueOn_idx" ON "Objection"("status", "dueOn");

-- CreateIndex
CREATE UNIQUE INDEX "ObjectionStep_objectionId_position_key" ON "ObjectionStep"("objectionId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "RepairApplication_pendingKey_key" ON "RepairApplication"("pendingKey");

-- CreateIndex
CREATE INDEX "RepairApplication_uscc_idx" ON "RepairApplication"("uscc");

-- CreateIndex
CREATE INDEX "RepairApplication_status_dueOn_idx" ON "RepairApplication"("status", "dueOn");

-- CreateIndex
CREATE INDEX "ListChange_listEntryId_idx" ON "ListChange"("listEntryId");

-- CreateIndex
CREATE INDEX "ListEntry_basisRecordId_idx" ON "ListEntry"("basisRecordId");

-- AddForeignKey
ALTER TABLE "ObjectionStep" ADD CONSTRAINT "ObjectionStep_objectionId_fkey" FOREIGN KEY ("objectionId") REFERENCES "Objection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SanctionRule" ADD CONSTRAINT "SanctionRule_matterCode_fkey" FOREIGN KEY ("matterCode") REFERENCES "SanctionMatter"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SanctionRule" ADD CONSTRAINT "SanctionRule_measureCode_fkey" FOREIGN KEY ("measureCode") REFERENCES "SanctionMeasure"("code") ON DELETE RESTRICT ON UPDATE CASCADE;
