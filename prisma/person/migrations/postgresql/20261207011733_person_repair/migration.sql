-- AlterTable
ALTER TABLE "PersonPenalty" ADD COLUMN     "severity" TEXT NOT NULL DEFAULT 'GENERAL';

-- CreateTable
CREATE TABLE "PersonRepairApplication" (
    "id" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "recordType" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "recordClass" TEXT NOT NULL,
    "commitment" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "documents" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "appliedAt" TIMESTAMP(3) NOT NULL,
    "dueOn" TEXT NOT NULL,
    "extended" BOOLEAN NOT NULL DEFAULT false,
    "departmentCode" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decidedBy" TEXT,
    "decidedByKind" TEXT,
    "decisionNote" TEXT,
    "pendingKey" TEXT,

    CONSTRAINT "PersonRepairApplication_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PersonRepairApplication_pendingKey_key" ON "PersonRepairApplication"("pendingKey");

-- CreateIndex
CREATE INDEX "PersonRepairApplication_personId_idx" ON "PersonRepairApplication"("personId");

-- CreateIndex
CREATE INDEX "PersonRepairApplication_status_departmentCode_dueOn_idx" ON "PersonRepairApplication"("status", "departmentCode", "dueOn");
