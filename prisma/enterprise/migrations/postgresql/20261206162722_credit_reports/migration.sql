-- CreateTable
CREATE TABLE "CreditReport" (
    "number" TEXT NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "issuerKind" TEXT NOT NULL,
    "issuerId" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "document" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "CreditReport_pkey" PRIMARY KEY ("number")
);

-- CreateTable
CREATE TABLE "CreditReportSequence" (
    "id" INTEGER NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "CreditReportSequence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CreditReport_subject_issuedAt_idx" ON "CreditReport"("subject", "issuedAt");

-- CreateIndex
CREATE INDEX "CreditReport_issuerId_issuedAt_idx" ON "CreditReport"("issuerId", "issuedAt");
