-- AlterTable
ALTER TABLE "RepairApplication" ADD COLUMN "decidedByKind" TEXT;
ALTER TABLE "RepairApplication" ADD COLUMN "departmentCode" TEXT;
ALTER TABLE "RepairApplication" ADD COLUMN "documents" TEXT;
ALTER TABLE "RepairApplication" ADD COLUMN "recordClass" TEXT;

-- CreateIndex
CREATE INDEX "RepairApplication_departmentCode_status_idx" ON "RepairApplication"("departmentCode", "status");
