import { readdir, readFile, readlink } from 'node:fs/promises';

export interface PortListener {
  readonly pid: number;
  /** Its process group (a detached child leads its own). */
  readonly pgid: number | null;
  /** Its command line, shortened. */
  readonly command: string | null;
}

/** Inodes of the sockets listening on a TCP port, from /proc/net/tcp and tcp6 (Linux; empty elsewhere). */
async function listeningInodes(port: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = await readFile(table, 'utf8');
    } catch {
      continue;
    }
    for (const row of text.split('\n').slice(1)) {
      const fields = row.trim().split(/\s+/);
      // sl local_address rem_address st … inode (10th field); st 0A = LISTEN
      if (fields.length < 10 || fields[3] !== '0A') continue;
      if (fields[1]?.split(':')[1] === hexPort && fields[9] && fields[9] !== '0') inodes.add(fields[9]);
    }
  }
  return inodes;
}

/** The process group of a pid, from /proc/<pid>/stat (the field after the state, past the `(comm)`). */
async function processGroup(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pgid = Number(fields[2]);
    return Number.isInteger(pgid) ? pgid : null;
  } catch {
    return null;
  }
}

async function commandLine(pid: number): Promise<string | null> {
  try {
    const text = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean).join(' ');
    return text.length > 160 ? `${text.slice(0, 157)}…` : text || null;
  } catch {
    return null;
  }
}

/**
 * Which process listens on a TCP port: /proc/net/tcp{,6} → socket inode → the /proc/<pid>/fd that holds it.
 * Null when nothing listens or it cannot be told (not Linux, or the process belongs to another user).
 */
export async function findPortListener(port: number): Promise<PortListener | null> {
  const inodes = await listeningInodes(port);
  if (inodes.size === 0) return null;
  const sockets = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  for (const name of pids) {
    let fds: string[];
    try {
      fds = await readdir(`/proc/${name}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let target: string;
      try {
        target = await readlink(`/proc/${name}/fd/${fd}`);
      } catch {
        continue;
      }
      if (sockets.has(target)) {
        const pid = Number(name);
        return { pid, pgid: await processGroup(pid), command: await commandLine(pid) };
      }
    }
  }
  return null;
}
