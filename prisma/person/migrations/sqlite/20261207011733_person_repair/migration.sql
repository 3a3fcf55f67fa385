-- CreateTable
CREATE TABLE "PersonRepairApplication" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "personId" TEXT NOT NULL,
    "recordType" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "recordClass" TEXT NOT NULL,
    "commitment" TEXT NOT NULL,
    "evidence" TEXT NOT NULL,
    "documents" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "appliedAt" DATETIME NOT NULL,
    "dueOn" TEXT NOT NULL,
    "extended" BOOLEAN NOT NULL DEFAULT false,
    "departmentCode" TEXT,
    "decidedAt" DATETIME,
    "decidedBy" TEXT,
    "decidedByKind" TEXT,
    "decisionNote" TEXT,
    "pendingKey" TEXT
);

-- AlterTable (ADD COLUMN, never a table rewrite: parallel branches add columns to this table too)
ALTER TABLE "PersonPenalty" ADD COLUMN "severity" TEXT NOT NULL DEFAULT 'GENERAL';

-- CreateIndex
CREATE UNIQUE INDEX "PersonRepairApplication_pendingKey_key" ON "PersonRepairApplication"("pendingKey");

-- CreateIndex
CREATE INDEX "PersonRepairApplication_personId_idx" ON "PersonRepairApplication"("personId");

-- CreateIndex
CREATE INDEX "PersonRepairApplication_status_departmentCode_dueOn_idx" ON "PersonRepairApplication"("status", "departmentCode", "dueOn");
