@echo off
rem AI Studio Bridge native-messaging host launcher, written by `aistudio-bridge install-native-host`.
rem Absolute paths: a browser started from the Start menu may not have node on its PATH.
set "AISTUDIO_BRIDGE_HOME=/tmp/asb-host-proc-jYDXZS/win"
cd /d "/work/main"
"/usr/bin/node" "--import" "file:///work/main/node_modules/tsx/dist/loader.mjs" "/work/main/bridge/main.ts" native-host %*
