-- AlterTable
ALTER TABLE "UsageBucket" ADD COLUMN     "reports" INTEGER NOT NULL DEFAULT 0;
