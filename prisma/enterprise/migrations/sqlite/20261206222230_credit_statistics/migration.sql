-- CreateIndex
CREATE INDEX "ListEntry_listedOn_idx" ON "ListEntry"("listedOn");

-- CreateIndex
CREATE INDEX "ListEntry_removedOn_idx" ON "ListEntry"("removedOn");

-- CreateIndex
CREATE INDEX "Objection_filedAt_idx" ON "Objection"("filedAt");

-- CreateIndex
CREATE INDEX "Objection_decidedAt_idx" ON "Objection"("decidedAt");

-- CreateIndex
CREATE INDEX "RepairApplication_appliedAt_idx" ON "RepairApplication"("appliedAt");

-- CreateIndex
CREATE INDEX "RepairApplication_decidedAt_idx" ON "RepairApplication"("decidedAt");
