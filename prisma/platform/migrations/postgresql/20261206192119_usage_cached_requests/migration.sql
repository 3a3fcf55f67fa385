-- AlterTable
ALTER TABLE "UsageBucket" ADD COLUMN     "cachedRequests" INTEGER NOT NULL DEFAULT 0;
