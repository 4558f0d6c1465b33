-- CreateTable
CREATE TABLE "machine_revision" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "machineId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "bundle" JSONB NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "planId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "machine_revision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "enrollment_token" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "machineId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" TIMESTAMP(3),
    "agentId" TEXT,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "enrollment_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "machineId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "nextTokenHash" TEXT,
    "rotateRequestedAt" TIMESTAMP(3),
    "hostname" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "agentVersion" TEXT NOT NULL,
    "macs" TEXT[],
    "enrolledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "appliedRevision" INTEGER,
    "appliedSha256" TEXT,
    "lastResult" TEXT,
    "lastError" TEXT,
    "lastReportAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "agent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_report" (
    "id" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "machineId" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "log" TEXT[],
    "error" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agent_report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agent_observation" (
    "id" TEXT NOT NULL,
    "agentId" TEXT NOT NULL,
    "machineId" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "observedAt" TIMESTAMP(3) NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agent_observation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "machine_revision_organizationId_createdAt_idx" ON "machine_revision"("organizationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "machine_revision_machineId_number_key" ON "machine_revision"("machineId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "enrollment_token_tokenHash_key" ON "enrollment_token"("tokenHash");

-- CreateIndex
CREATE INDEX "enrollment_token_organizationId_createdAt_idx" ON "enrollment_token"("organizationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "agent_tokenHash_key" ON "agent"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "agent_nextTokenHash_key" ON "agent"("nextTokenHash");

-- CreateIndex
CREATE INDEX "agent_organizationId_idx" ON "agent"("organizationId");

-- CreateIndex
CREATE INDEX "agent_machineId_idx" ON "agent"("machineId");

-- CreateIndex
CREATE INDEX "agent_report_machineId_receivedAt_idx" ON "agent_report"("machineId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "agent_report_agentId_reportId_key" ON "agent_report"("agentId", "reportId");

-- CreateIndex
CREATE INDEX "agent_observation_machineId_kind_observedAt_idx" ON "agent_observation"("machineId", "kind", "observedAt");

-- CreateIndex
CREATE UNIQUE INDEX "agent_observation_agentId_batchId_kind_key" ON "agent_observation"("agentId", "batchId", "kind");

-- AddForeignKey
ALTER TABLE "machine_revision" ADD CONSTRAINT "machine_revision_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "machine_revision" ADD CONSTRAINT "machine_revision_machineId_fkey" FOREIGN KEY ("machineId") REFERENCES "machine"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enrollment_token" ADD CONSTRAINT "enrollment_token_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enrollment_token" ADD CONSTRAINT "enrollment_token_machineId_fkey" FOREIGN KEY ("machineId") REFERENCES "machine"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent" ADD CONSTRAINT "agent_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent" ADD CONSTRAINT "agent_machineId_fkey" FOREIGN KEY ("machineId") REFERENCES "machine"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_report" ADD CONSTRAINT "agent_report_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agent_observation" ADD CONSTRAINT "agent_observation_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;
