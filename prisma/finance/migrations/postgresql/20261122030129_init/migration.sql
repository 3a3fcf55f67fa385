-- CreateTable
CREATE TABLE "FinancialPartner" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,

    CONSTRAINT "FinancialPartner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoanProduct" (
    "id" TEXT NOT NULL,
    "partnerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "maxAmount" DOUBLE PRECISION NOT NULL,
    "minAnnualRate" DOUBLE PRECISION NOT NULL,
    "termMonths" INTEGER NOT NULL,
    "eligibility" TEXT NOT NULL,

    CONSTRAINT "LoanProduct_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreditEasyLoan" (
    "id" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "partnerId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "amount" DOUBLE PRECISION NOT NULL,
    "grantedOn" TEXT NOT NULL,
    "status" TEXT NOT NULL,

    CONSTRAINT "CreditEasyLoan_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LoanProduct_partnerId_idx" ON "LoanProduct"("partnerId");

-- CreateIndex
CREATE INDEX "CreditEasyLoan_uscc_idx" ON "CreditEasyLoan"("uscc");
