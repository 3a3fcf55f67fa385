-- CreateTable
CREATE TABLE "Watch" (
    "institutionId" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "events" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL,

    PRIMARY KEY ("institutionId", "subject")
);

-- CreateTable
CREATE TABLE "MonitorCursor" (
    "consumer" TEXT NOT NULL PRIMARY KEY,
    "seq" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "MonitoredChange" (
    "seq" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
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
    "detail" TEXT
);

-- CreateTable
CREATE TABLE "FeedEntry" (
    "institutionId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,

    PRIMARY KEY ("institutionId", "seq")
);

-- CreateTable
CREATE TABLE "Webhook" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "institutionId" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "events" TEXT NOT NULL DEFAULT '',
    "secret" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "rotatedAt" DATETIME
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "webhookId" TEXT NOT NULL,
    "institutionId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL,
    "nextAttemptAt" DATETIME NOT NULL,
    "retryUntil" DATETIME NOT NULL,
    "leasedAt" DATETIME,
    "lastAttemptAt" DATETIME,
    "deliveredAt" DATETIME,
    "lastStatus" INTEGER,
    "lastError" TEXT
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
