#!/bin/sh
# The same rules with ufw (Ubuntu's front end): NFS and rpcbind, then the metrics ports, from the cluster subnet only.
set -eu
ufw allow from 10.0.10.0/24 to any port 2049 proto tcp
ufw allow from 10.0.10.0/24 to any port 2049 proto udp
ufw allow from 10.0.10.0/24 to any port 111 proto tcp
ufw allow from 10.0.10.0/24 to any port 111 proto udp
ufw allow from 10.0.10.0/24 to any port 8081 proto tcp
ufw allow from 10.0.10.0/24 to any port 8082 proto tcp
