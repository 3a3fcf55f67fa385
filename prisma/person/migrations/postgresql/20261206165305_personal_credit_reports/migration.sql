-- CreateTable
CREATE TABLE "PersonalCreditReport" (
    "number" TEXT NOT NULL,
    "personId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "document" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "PersonalCreditReport_pkey" PRIMARY KEY ("number")
);

-- CreateTable
CREATE TABLE "PersonalCreditReportSequence" (
    "id" INTEGER NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "PersonalCreditReportSequence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PersonalCreditReport_personId_issuedAt_idx" ON "PersonalCreditReport"("personId", "issuedAt");
