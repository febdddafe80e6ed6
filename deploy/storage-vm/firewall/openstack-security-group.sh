#!/bin/sh
# The seed's OpenStack security group: 2049 and 111 from the cluster subnet, plus the metrics ports.
# Usage: openstack-security-group.sh <storage VM server name>
set -eu
server="$1"
openstack security group create nfs-lifecycle --description "NFS and nfs-lifecycle metrics from the cluster subnet"
for port in 2049 111; do
  openstack security group rule create --ingress --protocol tcp --dst-port "$port" --remote-ip 10.0.10.0/24 nfs-lifecycle
  openstack security group rule create --ingress --protocol udp --dst-port "$port" --remote-ip 10.0.10.0/24 nfs-lifecycle
done
for port in 8081 8082; do
  openstack security group rule create --ingress --protocol tcp --dst-port "$port" --remote-ip 10.0.10.0/24 nfs-lifecycle
done
openstack server add security group "$server" nfs-lifecycle
