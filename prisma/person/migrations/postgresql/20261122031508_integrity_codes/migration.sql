-- CreateTable
CREATE TABLE "IntegrityCodeIssue" (
    "jti" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "grade" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IntegrityCodeIssue_pkey" PRIMARY KEY ("jti")
);

-- CreateTable
CREATE TABLE "SpentIntegrityCode" (
    "jti" TEXT NOT NULL,
    "spentAt" TIMESTAMP(3) NOT NULL,
    "institutionId" TEXT NOT NULL,

    CONSTRAINT "SpentIntegrityCode_pkey" PRIMARY KEY ("jti")
);

-- CreateIndex
CREATE INDEX "IntegrityCodeIssue_personId_issuedAt_idx" ON "IntegrityCodeIssue"("personId", "issuedAt");
