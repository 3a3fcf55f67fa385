-- AlterTable
ALTER TABLE "FeedEntry" ADD COLUMN     "disclosureLogged" BOOLEAN NOT NULL DEFAULT false;
