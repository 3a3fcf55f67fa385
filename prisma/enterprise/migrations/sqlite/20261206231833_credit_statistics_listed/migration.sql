-- DropIndex
DROP INDEX "ListEntry_listedOn_idx";

-- CreateIndex
CREATE INDEX "ListEntry_listed_idx" ON "ListEntry"("listedOn", "listType", "uscc");
