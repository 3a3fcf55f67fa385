-- CreateTable
CREATE TABLE "SocialOrgListEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "uscc" TEXT NOT NULL,
    "listType" TEXT NOT NULL,
    "listName" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "listingAuthority" TEXT NOT NULL,
    "listedOn" TEXT NOT NULL,
    "removedOn" TEXT,
    "publicityEndDate" TEXT
);

-- CreateIndex
CREATE INDEX "SocialOrgListEntry_uscc_idx" ON "SocialOrgListEntry"("uscc");
