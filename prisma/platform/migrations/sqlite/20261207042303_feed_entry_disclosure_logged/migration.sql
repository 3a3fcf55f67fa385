-- AlterTable (a column added in place: a table rewrite would drop the columns parallel branches add)
ALTER TABLE "FeedEntry" ADD COLUMN "disclosureLogged" BOOLEAN NOT NULL DEFAULT false;
