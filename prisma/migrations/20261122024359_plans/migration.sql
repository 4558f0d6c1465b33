-- CreateTable
CREATE TABLE "model_snapshot" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "model" JSONB NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "model_snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "plan" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'draft',
    "baseSnapshotId" TEXT,
    "targetSnapshotId" TEXT NOT NULL,
    "rollbackOfPlanId" TEXT,
    "preview" JSONB NOT NULL,
    "machinesAffected" INTEGER NOT NULL,
    "blockingCount" INTEGER NOT NULL,
    "acknowledgements" JSONB NOT NULL DEFAULT '[]',
    "staged" BOOLEAN NOT NULL DEFAULT false,
    "canaryMachineId" TEXT,
    "releasedAt" TIMESTAMP(3),
    "releaseCancelled" TEXT,
    "staleReason" TEXT,
    "createdById" TEXT,
    "createdBy" TEXT NOT NULL,
    "approvedById" TEXT,
    "approvedBy" TEXT,
    "approvedAt" TIMESTAMP(3),
    "publishedById" TEXT,
    "publishedBy" TEXT,
    "publishedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "publish_head" (
    "organizationId" TEXT NOT NULL,
    "snapshotId" TEXT,
    "planId" TEXT,
    "planNumber" INTEGER,
    "lastPlanNumber" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "publish_head_pkey" PRIMARY KEY ("organizationId")
);

-- CreateIndex
CREATE INDEX "model_snapshot_organizationId_sha256_idx" ON "model_snapshot"("organizationId", "sha256");

-- CreateIndex
CREATE INDEX "plan_organizationId_status_number_idx" ON "plan"("organizationId", "status", "number");

-- CreateIndex
CREATE UNIQUE INDEX "plan_organizationId_number_key" ON "plan"("organizationId", "number");

-- CreateIndex
CREATE INDEX "machine_revision_planId_idx" ON "machine_revision"("planId");

-- AddForeignKey
ALTER TABLE "model_snapshot" ADD CONSTRAINT "model_snapshot_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan" ADD CONSTRAINT "plan_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan" ADD CONSTRAINT "plan_baseSnapshotId_fkey" FOREIGN KEY ("baseSnapshotId") REFERENCES "model_snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "plan" ADD CONSTRAINT "plan_targetSnapshotId_fkey" FOREIGN KEY ("targetSnapshotId") REFERENCES "model_snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "publish_head" ADD CONSTRAINT "publish_head_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
