-- AlterTable
ALTER TABLE "uplink_hop" ADD COLUMN     "translatesIcmpErrors" TEXT;
