-- DropIndex
DROP INDEX "ListEntry_removedOn_idx";

-- CreateIndex
CREATE INDEX "Enterprise_scope_idx" ON "Enterprise"("uscc", "regionCode", "industryCode");

-- CreateIndex
CREATE INDEX "ListEntry_active_idx" ON "ListEntry"("removedOn", "status", "listType", "listedOn", "publicityEndDate", "listName", "uscc");
