-- CreateTable
CREATE TABLE "team_invite" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" TIMESTAMP(3),
    "usedById" TEXT,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "team_invite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "machine" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "labId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "cpuCores" INTEGER,
    "ramMb" INTEGER,
    "os" TEXT NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "machine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "router_settings" (
    "machineId" TEXT NOT NULL,
    "openwrtVersion" TEXT NOT NULL,
    "tincVersion" TEXT NOT NULL DEFAULT '1.0',
    "wanProto" TEXT NOT NULL DEFAULT 'dhcp',
    "wanIp" TEXT,
    "wanMasq" BOOLEAN NOT NULL DEFAULT true,
    "mtuFix" BOOLEAN NOT NULL DEFAULT true,
    "wanInput" TEXT NOT NULL DEFAULT 'REJECT',
    "rules" JSONB NOT NULL DEFAULT '[]',
    "sqm" JSONB,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "router_settings_pkey" PRIMARY KEY ("machineId")
);

-- CreateTable
CREATE TABLE "uplink_hop" (
    "id" TEXT NOT NULL,
    "routerId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "nat" BOOLEAN NOT NULL DEFAULT true,
    "mtu" INTEGER NOT NULL DEFAULT 1500,
    "encapsulation" TEXT NOT NULL DEFAULT 'none',
    "dropsIcmpFragNeeded" TEXT NOT NULL DEFAULT 'unknown',
    "clampsMss" BOOLEAN NOT NULL DEFAULT false,
    "downKbps" INTEGER,
    "upKbps" INTEGER,
    "portForwards" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "uplink_hop_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "samba_share" (
    "id" TEXT NOT NULL,
    "routerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "remoteUnc" TEXT NOT NULL,
    "mountPoint" TEXT NOT NULL,
    "smbVersion" TEXT NOT NULL DEFAULT '2.0',
    "wsize" INTEGER NOT NULL DEFAULT 16384,
    "soRcvbuf" INTEGER NOT NULL DEFAULT 4096,
    "users" TEXT[],
    "servedInterfaces" TEXT[],
    "guestOk" BOOLEAN NOT NULL DEFAULT false,
    "readOnly" BOOLEAN NOT NULL DEFAULT false,
    "credentialsFile" TEXT NOT NULL,
    "mountOptions" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "samba_share_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "vswitch" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "labId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "adapterName" TEXT,
    "adapterMedium" TEXT,
    "allowManagementOS" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "vswitch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "nic" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "machineId" TEXT NOT NULL,
    "vswitchId" TEXT,
    "name" TEXT NOT NULL,
    "mac" TEXT NOT NULL,
    "macSpoofing" BOOLEAN NOT NULL DEFAULT false,
    "vlanId" INTEGER,
    "mtu" INTEGER NOT NULL DEFAULT 1500,
    "role" TEXT,
    "addressing" TEXT NOT NULL DEFAULT 'dynamic',
    "staticIp" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "nic_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "intranet" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "netname" TEXT NOT NULL,
    "cidr" TEXT NOT NULL,
    "mode" TEXT NOT NULL DEFAULT 'switch',
    "port" INTEGER NOT NULL DEFAULT 655,
    "pmtuDiscovery" BOOLEAN NOT NULL DEFAULT true,
    "clampMss" BOOLEAN NOT NULL DEFAULT true,
    "cipher" TEXT NOT NULL DEFAULT 'aes-256-cbc',
    "reservedSegments" INTEGER[],
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "intranet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "site" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "intranetId" TEXT NOT NULL,
    "routerId" TEXT NOT NULL,
    "tincName" TEXT NOT NULL,
    "segment" INTEGER NOT NULL,
    "lanIp" TEXT NOT NULL,
    "publicAddress" TEXT,
    "publicPort" INTEGER,
    "behindNat" BOOLEAN NOT NULL DEFAULT true,
    "dhcpStart" INTEGER NOT NULL DEFAULT 100,
    "dhcpLimit" INTEGER NOT NULL DEFAULT 150,
    "leaseTime" TEXT NOT NULL DEFAULT '12h',
    "publicKey" TEXT,
    "dhcpServerId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "site_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "site_connect" (
    "siteId" TEXT NOT NULL,
    "peerId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "site_connect_pkey" PRIMARY KEY ("siteId","peerId")
);

-- CreateTable
CREATE TABLE "static_lease" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "mac" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "leaseTime" TEXT NOT NULL DEFAULT 'infinite',
    "tags" TEXT[],
    "nicId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "static_lease_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "team_invite_tokenHash_key" ON "team_invite"("tokenHash");

-- CreateIndex
CREATE INDEX "team_invite_organizationId_idx" ON "team_invite"("organizationId");

-- CreateIndex
CREATE INDEX "machine_organizationId_idx" ON "machine"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "machine_labId_name_key" ON "machine"("labId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "uplink_hop_routerId_position_key" ON "uplink_hop"("routerId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "samba_share_routerId_name_key" ON "samba_share"("routerId", "name");

-- CreateIndex
CREATE INDEX "vswitch_organizationId_idx" ON "vswitch"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "vswitch_labId_name_key" ON "vswitch"("labId", "name");

-- CreateIndex
CREATE INDEX "nic_vswitchId_idx" ON "nic"("vswitchId");

-- CreateIndex
CREATE UNIQUE INDEX "nic_organizationId_mac_key" ON "nic"("organizationId", "mac");

-- CreateIndex
CREATE UNIQUE INDEX "nic_machineId_name_key" ON "nic"("machineId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "intranet_organizationId_netname_key" ON "intranet"("organizationId", "netname");

-- CreateIndex
CREATE UNIQUE INDEX "intranet_organizationId_name_key" ON "intranet"("organizationId", "name");

-- CreateIndex
CREATE INDEX "site_organizationId_idx" ON "site"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "site_intranetId_segment_key" ON "site"("intranetId", "segment");

-- CreateIndex
CREATE UNIQUE INDEX "site_intranetId_tincName_key" ON "site"("intranetId", "tincName");

-- CreateIndex
CREATE INDEX "site_connect_peerId_idx" ON "site_connect"("peerId");

-- CreateIndex
CREATE INDEX "static_lease_organizationId_hostname_idx" ON "static_lease"("organizationId", "hostname");

-- CreateIndex
CREATE UNIQUE INDEX "static_lease_organizationId_mac_key" ON "static_lease"("organizationId", "mac");

-- CreateIndex
CREATE UNIQUE INDEX "static_lease_siteId_ip_key" ON "static_lease"("siteId", "ip");

-- CreateIndex
CREATE UNIQUE INDEX "static_lease_siteId_hostname_key" ON "static_lease"("siteId", "hostname");

-- AddForeignKey
ALTER TABLE "team_invite" ADD CONSTRAINT "team_invite_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "machine" ADD CONSTRAINT "machine_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "machine" ADD CONSTRAINT "machine_labId_fkey" FOREIGN KEY ("labId") REFERENCES "lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "router_settings" ADD CONSTRAINT "router_settings_machineId_fkey" FOREIGN KEY ("machineId") REFERENCES "machine"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "uplink_hop" ADD CONSTRAINT "uplink_hop_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "router_settings"("machineId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "samba_share" ADD CONSTRAINT "samba_share_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "router_settings"("machineId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vswitch" ADD CONSTRAINT "vswitch_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "vswitch" ADD CONSTRAINT "vswitch_labId_fkey" FOREIGN KEY ("labId") REFERENCES "lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nic" ADD CONSTRAINT "nic_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nic" ADD CONSTRAINT "nic_machineId_fkey" FOREIGN KEY ("machineId") REFERENCES "machine"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nic" ADD CONSTRAINT "nic_vswitchId_fkey" FOREIGN KEY ("vswitchId") REFERENCES "vswitch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "intranet" ADD CONSTRAINT "intranet_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "site" ADD CONSTRAINT "site_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "site" ADD CONSTRAINT "site_intranetId_fkey" FOREIGN KEY ("intranetId") REFERENCES "intranet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "site" ADD CONSTRAINT "site_routerId_fkey" FOREIGN KEY ("routerId") REFERENCES "machine"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "site" ADD CONSTRAINT "site_dhcpServerId_fkey" FOREIGN KEY ("dhcpServerId") REFERENCES "machine"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "site_connect" ADD CONSTRAINT "site_connect_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "site"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "site_connect" ADD CONSTRAINT "site_connect_peerId_fkey" FOREIGN KEY ("peerId") REFERENCES "site"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "static_lease" ADD CONSTRAINT "static_lease_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "static_lease" ADD CONSTRAINT "static_lease_siteId_fkey" FOREIGN KEY ("siteId") REFERENCES "site"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "static_lease" ADD CONSTRAINT "static_lease_nicId_fkey" FOREIGN KEY ("nicId") REFERENCES "nic"("id") ON DELETE SET NULL ON UPDATE CASCADE;
