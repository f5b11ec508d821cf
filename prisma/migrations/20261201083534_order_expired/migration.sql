-- AlterEnum
ALTER TYPE "OrderStatus" ADD VALUE 'EXPIRED';
