-- CreateIndex
CREATE INDEX "PersonObjection_filedAt_idx" ON "PersonObjection"("filedAt");

-- CreateIndex
CREATE INDEX "PersonObjection_decidedAt_idx" ON "PersonObjection"("decidedAt");
