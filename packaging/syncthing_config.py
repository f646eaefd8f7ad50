#!/usr/bin/env python3
"""Write a Syncthing config for `make test-sync`: loopback only.

usage: syncthing_config.py CONFIG.xml OWN_ID OWN_PORT GUI_PORT APIKEY PEER_ID PEER_PORT FOLDER...
FOLDER is id:path:type (sendonly or receiveonly), shared with the peer.

Listening, the GUI and the peer's address are 127.0.0.1; global and
local discovery, relays, NAT traversal, STUN, usage and crash reporting
and upgrades are off, and the default folder is removed. check() refuses
a config that could reach a non-loopback address.
"""
import sys
import xml.etree.ElementTree as ET


def setopt(opts, name, value):
    for e in opts.findall(name):
        opts.remove(e)
    if value is not None:
        ET.SubElement(opts, name).text = value


def main(argv):
    path, own, own_port, gui_port, apikey, peer, peer_port = argv[:7]
    folders = argv[7:]
    tree = ET.parse(path)
    root = tree.getroot()
    for f in root.findall("folder"):
        root.remove(f)
    opts = root.find("options")
    setopt(opts, "listenAddress", f"tcp://127.0.0.1:{own_port}")
    for name, value in [("globalAnnounceEnabled", "false"), ("localAnnounceEnabled", "false"),
                        ("relaysEnabled", "false"), ("natEnabled", "false"), ("urAccepted", "-1"),
                        ("urSeen", "3"), ("autoUpgradeIntervalH", "0"), ("crashReportingEnabled", "false"),
                        ("startBrowser", "false"), ("announceLANAddresses", "false"),
                        ("reconnectionIntervalS", "2"), ("stunKeepaliveStartS", "0"),
                        ("stunKeepaliveMinS", "0")]:
        setopt(opts, name, value)
    for name in ["globalAnnounceServer", "stunServer", "alwaysLocalNet"]:
        setopt(opts, name, None)
    ET.SubElement(opts, "globalAnnounceServer").text = ""
    ET.SubElement(opts, "stunServer").text = ""
    gui = root.find("gui")
    gui.find("address").text = f"127.0.0.1:{gui_port}"
    ak = gui.find("apikey")
    if ak is None:
        ak = ET.SubElement(gui, "apikey")
    ak.text = apikey
    for d in root.findall("device"):
        root.remove(d)
    for did, port, name in [(own, own_port, "self"), (peer, peer_port, "peer")]:
        d = ET.SubElement(root, "device", id=did, name=name, compression="metadata", introducer="false",
                          skipIntroductionRemovals="false", introducedBy="")
        ET.SubElement(d, "address").text = f"tcp://127.0.0.1:{port}"
        ET.SubElement(d, "paused").text = "false"
        ET.SubElement(d, "autoAcceptFolders").text = "false"
    # Devices added later would take the defaults: keep them on loopback too.
    for d in root.iter("defaults"):
        for a in d.iter("address"):
            a.text = f"tcp://127.0.0.1:{peer_port}"
    for spec in folders:
        fid, fpath, ftype = spec.split(":")
        f = ET.Element("folder", id=fid, label=fid, path=fpath, type=ftype, rescanIntervalS="3600",
                       fsWatcherEnabled="false", fsWatcherDelayS="1", ignorePerms="false", autoNormalize="true")
        for did in (own, peer):
            ET.SubElement(f, "device", id=did, introducedBy="")
        root.insert(0, f)
    tree.write(path)
    check(path)


def check(path):
    """Refuse any address in the config that is not on 127.0.0.1."""
    root = ET.parse(path).getroot()
    opts = root.find("options")
    must_be_false = ["globalAnnounceEnabled", "localAnnounceEnabled", "relaysEnabled", "natEnabled",
                     "crashReportingEnabled"]
    for name in must_be_false:
        if opts.findtext(name) != "false":
            sys.exit(f"{path}: {name} is not off")
    if opts.findtext("urAccepted") != "-1":
        sys.exit(f"{path}: usage reporting is not off")
    addrs = [e.text or "" for e in opts.findall("listenAddress")]
    addrs += [e.text or "" for e in root.iter("address")]
    for a in addrs:
        if a and not (a.startswith("tcp://127.0.0.1:") or a.startswith("127.0.0.1:")):
            sys.exit(f"{path}: address {a!r} is not on 127.0.0.1")
    for name in ["globalAnnounceServer", "stunServer"]:
        for e in opts.findall(name):
            if (e.text or "").strip():
                sys.exit(f"{path}: {name} {e.text!r} set")
    print(f"{path}: loopback only (listen {', '.join(a for a in addrs if a)}); discovery, relays, NAT, STUN, reporting off")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
    else:
        main(sys.argv[1:])
