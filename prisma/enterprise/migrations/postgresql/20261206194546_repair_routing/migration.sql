-- AlterTable
ALTER TABLE "RepairApplication" ADD COLUMN     "decidedByKind" TEXT,
ADD COLUMN     "departmentCode" TEXT,
ADD COLUMN     "documents" TEXT,
ADD COLUMN     "recordClass" TEXT;

-- CreateIndex
CREATE INDEX "RepairApplication_departmentCode_status_idx" ON "RepairApplication"("departmentCode", "status");
