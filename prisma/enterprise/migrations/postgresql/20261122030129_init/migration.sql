-- CreateTable
CREATE TABLE "Enterprise" (
    "uscc" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "registrationAuthority" TEXT NOT NULL,
    "establishedOn" TEXT NOT NULL,
    "registeredCapital" DOUBLE PRECISION,
    "capitalCurrency" TEXT NOT NULL DEFAULT 'CNY',
    "regionCode" TEXT NOT NULL,
    "regionName" TEXT NOT NULL,
    "industryCode" TEXT NOT NULL,
    "industryName" TEXT NOT NULL,
    "businessScope" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "registrationStatus" TEXT NOT NULL,
    "legalRepPersonId" TEXT,
    "usccCheckDigitValid" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "Enterprise_pkey" PRIMARY KEY ("uscc")
);

-- CreateTable
CREATE TABLE "AdministrativeLicense" (
    "id" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "catalogItemCode" TEXT NOT NULL,
    "sourceDepartment" TEXT NOT NULL,
    "documentNumber" TEXT,
    "decisionDate" TEXT,
    "validFrom" TEXT,
    "validTo" TEXT,
    "publicityEndDate" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PUBLISHED',
    "underObjection" BOOLEAN NOT NULL DEFAULT false,
    "licenseType" TEXT NOT NULL,
    "licenseNumber" TEXT NOT NULL,
    "licenseName" TEXT NOT NULL,
    "scope" TEXT NOT NULL,

    CONSTRAINT "AdministrativeLicense_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AdministrativePenalty" (
    "id" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "catalogItemCode" TEXT NOT NULL,
    "sourceDepartment" TEXT NOT NULL,
    "documentNumber" TEXT,
    "decisionDate" TEXT,
    "validFrom" TEXT,
    "validTo" TEXT,
    "publicityEndDate" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PUBLISHED',
    "underObjection" BOOLEAN NOT NULL DEFAULT false,
    "violation" TEXT NOT NULL,
    "legalBasis" TEXT NOT NULL,
    "penaltyType" TEXT NOT NULL,
    "amount" DOUBLE PRECISION,
    "publicityPeriodMonths" INTEGER NOT NULL,
    "severity" TEXT NOT NULL,
    "domain" TEXT NOT NULL,

    CONSTRAINT "AdministrativePenalty_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ListEntry" (
    "id" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "catalogItemCode" TEXT NOT NULL,
    "sourceDepartment" TEXT NOT NULL,
    "documentNumber" TEXT,
    "decisionDate" TEXT,
    "validFrom" TEXT,
    "validTo" TEXT,
    "publicityEndDate" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PUBLISHED',
    "underObjection" BOOLEAN NOT NULL DEFAULT false,
    "listType" TEXT NOT NULL,
    "listName" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "listingAuthority" TEXT NOT NULL,
    "listedOn" TEXT NOT NULL,
    "removedOn" TEXT,

    CONSTRAINT "ListEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Certificate" (
    "id" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "catalogItemCode" TEXT NOT NULL,
    "sourceDepartment" TEXT NOT NULL,
    "documentNumber" TEXT,
    "decisionDate" TEXT,
    "validFrom" TEXT,
    "validTo" TEXT,
    "publicityEndDate" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PUBLISHED',
    "underObjection" BOOLEAN NOT NULL DEFAULT false,
    "certificateType" TEXT NOT NULL,
    "certificateNumber" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,

    CONSTRAINT "Certificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Inspection" (
    "id" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "catalogItemCode" TEXT NOT NULL,
    "sourceDepartment" TEXT NOT NULL,
    "documentNumber" TEXT,
    "decisionDate" TEXT,
    "validFrom" TEXT,
    "validTo" TEXT,
    "publicityEndDate" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PUBLISHED',
    "underObjection" BOOLEAN NOT NULL DEFAULT false,
    "inspectionItem" TEXT NOT NULL,
    "inspectedOn" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "inspectingAuthority" TEXT NOT NULL,

    CONSTRAINT "Inspection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreditCommitment" (
    "id" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "catalogItemCode" TEXT NOT NULL,
    "sourceDepartment" TEXT NOT NULL,
    "documentNumber" TEXT,
    "decisionDate" TEXT,
    "validFrom" TEXT,
    "validTo" TEXT,
    "publicityEndDate" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PUBLISHED',
    "underObjection" BOOLEAN NOT NULL DEFAULT false,
    "commitmentType" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "committedOn" TEXT NOT NULL,
    "commitmentStatus" TEXT NOT NULL,

    CONSTRAINT "CreditCommitment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndustryEvaluation" (
    "id" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "catalogItemCode" TEXT NOT NULL,
    "sourceDepartment" TEXT NOT NULL,
    "documentNumber" TEXT,
    "decisionDate" TEXT,
    "validFrom" TEXT,
    "validTo" TEXT,
    "publicityEndDate" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PUBLISHED',
    "underObjection" BOOLEAN NOT NULL DEFAULT false,
    "industry" TEXT NOT NULL,
    "grade" TEXT NOT NULL,
    "evaluator" TEXT NOT NULL,
    "year" INTEGER NOT NULL,

    CONSTRAINT "IndustryEvaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Honor" (
    "id" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "catalogItemCode" TEXT NOT NULL,
    "sourceDepartment" TEXT NOT NULL,
    "documentNumber" TEXT,
    "decisionDate" TEXT,
    "validFrom" TEXT,
    "validTo" TEXT,
    "publicityEndDate" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PUBLISHED',
    "underObjection" BOOLEAN NOT NULL DEFAULT false,
    "title" TEXT NOT NULL,
    "awardedBy" TEXT NOT NULL,
    "level" TEXT NOT NULL,

    CONSTRAINT "Honor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreditRecord" (
    "id" TEXT NOT NULL,
    "uscc" TEXT NOT NULL,
    "catalogItemCode" TEXT NOT NULL,
    "sourceDepartment" TEXT NOT NULL,
    "documentNumber" TEXT,
    "decisionDate" TEXT,
    "validFrom" TEXT,
    "validTo" TEXT,
    "publicityEndDate" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PUBLISHED',
    "underObjection" BOOLEAN NOT NULL DEFAULT false,
    "category" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "content" TEXT NOT NULL,

    CONSTRAINT "CreditRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Enterprise_name_uscc_idx" ON "Enterprise"("name", "uscc");

-- CreateIndex
CREATE INDEX "Enterprise_regionCode_name_uscc_idx" ON "Enterprise"("regionCode", "name", "uscc");

-- CreateIndex
CREATE INDEX "Enterprise_industryCode_name_uscc_idx" ON "Enterprise"("industryCode", "name", "uscc");

-- CreateIndex
CREATE INDEX "AdministrativeLicense_uscc_idx" ON "AdministrativeLicense"("uscc");

-- CreateIndex
CREATE INDEX "AdministrativePenalty_uscc_idx" ON "AdministrativePenalty"("uscc");

-- CreateIndex
CREATE INDEX "ListEntry_uscc_listType_idx" ON "ListEntry"("uscc", "listType");

-- CreateIndex
CREATE INDEX "Certificate_uscc_idx" ON "Certificate"("uscc");

-- CreateIndex
CREATE INDEX "Inspection_uscc_idx" ON "Inspection"("uscc");

-- CreateIndex
CREATE INDEX "CreditCommitment_uscc_idx" ON "CreditCommitment"("uscc");

-- CreateIndex
CREATE INDEX "IndustryEvaluation_uscc_idx" ON "IndustryEvaluation"("uscc");

-- CreateIndex
CREATE INDEX "Honor_uscc_idx" ON "Honor"("uscc");

-- CreateIndex
CREATE INDEX "CreditRecord_uscc_idx" ON "CreditRecord"("uscc");
