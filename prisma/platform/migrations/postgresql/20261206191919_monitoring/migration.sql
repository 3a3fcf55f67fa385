-- CreateTable
CREATE TABLE "Watch" (
    "institutionId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "events" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Watch_pkey" PRIMARY KEY ("institutionId","subject")
);

-- CreateTable
CREATE TABLE "MonitorCursor" (
    "consumer" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MonitorCursor_pkey" PRIMARY KEY ("consumer")
);

-- CreateTable
CREATE TABLE "MonitoredChange" (
    "seq" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "type" TEXT NOT NULL,
    "subjectKind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "category" TEXT,
    "recordType" TEXT,
    "recordId" TEXT,
    "itemCode" TEXT,
    "departmentCode" TEXT,
    "version" INTEGER,
    "source" TEXT NOT NULL,
    "detail" TEXT,

    CONSTRAINT "MonitoredChange_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "FeedEntry" (
    "institutionId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,

    CONSTRAINT "FeedEntry_pkey" PRIMARY KEY ("institutionId","seq")
);

-- CreateTable
CREATE TABLE "Webhook" (
    "id" TEXT NOT NULL,
    "institutionId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "events" TEXT NOT NULL DEFAULT '',
    "secret" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "rotatedAt" TIMESTAMP(3),

    CONSTRAINT "Webhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "webhookId" TEXT NOT NULL,
    "institutionId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "retryUntil" TIMESTAMP(3) NOT NULL,
    "leasedAt" TIMESTAMP(3),
    "lastAttemptAt" TIMESTAMP(3),
    "deliveredAt" TIMESTAMP(3),
    "lastStatus" INTEGER,
    "lastError" TEXT,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Watch_subject_idx" ON "Watch"("subject");

-- CreateIndex
CREATE INDEX "MonitoredChange_recordId_idx" ON "MonitoredChange"("recordId");

-- CreateIndex
CREATE INDEX "Webhook_institutionId_idx" ON "Webhook"("institutionId");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_institutionId_createdAt_idx" ON "WebhookDelivery"("institutionId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_webhookId_seq_key" ON "WebhookDelivery"("webhookId", "seq");
