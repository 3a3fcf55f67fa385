-- AlterTable
ALTER TABLE "Institution" ADD COLUMN     "trustedDocumentsOnly" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "TrustedDocument" (
    "institutionId" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "document" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TrustedDocument_pkey" PRIMARY KEY ("institutionId","hash")
);

-- CreateIndex
CREATE INDEX "TrustedDocument_hash_idx" ON "TrustedDocument"("hash");
