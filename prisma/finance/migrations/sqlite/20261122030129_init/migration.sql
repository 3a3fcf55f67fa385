-- CreateTable
CREATE TABLE "FinancialPartner" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "LoanProduct" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "partnerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "maxAmount" REAL NOT NULL,
    "minAnnualRate" REAL NOT NULL,
    "termMonths" INTEGER NOT NULL,
    "eligibility" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "CreditEasyLoan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "uscc" TEXT NOT NULL,
    "partnerId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "amount" REAL NOT NULL,
    "grantedOn" TEXT NOT NULL,
    "status" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "LoanProduct_partnerId_idx" ON "LoanProduct"("partnerId");

-- CreateIndex
CREATE INDEX "CreditEasyLoan_uscc_idx" ON "CreditEasyLoan"("uscc");
