-- CreateIndex
CREATE INDEX "lab_organizationId_updatedAt_idx" ON "lab"("organizationId", "updatedAt");

-- CreateIndex
CREATE INDEX "site_routerId_idx" ON "site"("routerId");

-- CreateIndex
CREATE INDEX "static_lease_nicId_idx" ON "static_lease"("nicId");
