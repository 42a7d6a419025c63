//! `quire serve` under load and abuse: hundreds of connections at once, many live-reload streams,
//! clients that send their request slowly or without end, and a process out of file descriptors.
//! Each test waits for answers under deadlines and fails rather than hangs.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use super::serve::{PAGE, Server, TIMEOUT, get, new_site, read_response, serve_command};

/// The longest any page request may take while the server is busy with other clients.
const FAST: Duration = Duration::from_secs(2);

/// A connection that has sent `GET path` and awaits the answer (`Connection: close`).
fn send_get(addr: &str, path: &str) -> TcpStream {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    stream
}

/// Opens a live-reload stream and reads its response head.
fn open_event_stream(addr: &str) -> BufReader<TcpStream> {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(
        stream,
        "GET /__quire/events?since= HTTP/1.1\r\nHost: {addr}\r\n\r\n"
    )
    .unwrap();
    BufReader::new(stream)
}

fn read_head(stream: &mut BufReader<TcpStream>) -> String {
    let mut head = String::new();
    while !head.ends_with("\r\n\r\n") {
        assert!(stream.read_line(&mut head).unwrap() > 0, "closed: {head}");
    }
    head
}

#[test]
fn hundreds_of_connections_at_once_are_all_answered() {
    let (_dir, site) = new_site();
    let server = Server::start(&site);
    let started = Instant::now();
    let mut waiting: Vec<TcpStream> = (0..300).map(|_| send_get(&server.addr, PAGE)).collect();
    for stream in &mut waiting {
        let (status, _, body) = read_response(stream);
        assert_eq!(status, 200);
        assert!(body.contains("about five minutes"));
    }
    assert!(
        started.elapsed() < TIMEOUT,
        "300 pages took {:?}",
        started.elapsed()
    );
}

#[test]
fn page_requests_stay_fast_while_many_reload_streams_are_open() {
    let (_dir, site) = new_site();
    let server = Server::start(&site);
    // Tabs that are already open...
    let mut streams: Vec<_> = (0..40).map(|_| open_event_stream(&server.addr)).collect();
    for stream in &mut streams {
        assert!(read_head(stream).starts_with("HTTP/1.1 200"));
    }
    // ...and as many opening at the same moment, each loading a page and then its stream.
    let mut pages = Vec::new();
    for _ in 0..40 {
        pages.push((Instant::now(), send_get(&server.addr, PAGE)));
        streams.push(open_event_stream(&server.addr));
    }
    for (sent, stream) in &mut pages {
        let (status, _, body) = read_response(stream);
        let took = sent.elapsed();
        assert_eq!(status, 200);
        assert!(body.contains("data-token="));
        assert!(took < FAST, "a page took {took:?} beside 80 reload streams");
    }
    for stream in streams.iter_mut().skip(40) {
        assert!(read_head(stream).starts_with("HTTP/1.1 200"));
    }
}

#[test]
fn clients_that_send_their_request_slowly_hold_up_no_one() {
    let (_dir, site) = new_site();
    let server = Server::start(&site);
    let request = format!(
        "GET / HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    );
    let (half, rest) = request.split_at(request.len() / 2);

    // A client that stops halfway is cut off once the head timeout has passed.
    let mut stalled = TcpStream::connect(&server.addr).unwrap();
    stalled.write_all(half.as_bytes()).unwrap();
    stalled
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let stalled_since = Instant::now();

    // Twenty clients send half of their request head byte by byte, then wait...
    let (halfway_tx, halfway) = channel();
    let slow: Vec<_> = (0..20)
        .map(|_| {
            let (addr, half, rest) = (server.addr.clone(), half.to_string(), rest.to_string());
            let halfway_tx = halfway_tx.clone();
            let (go_on_tx, go_on) = channel::<()>();
            let client = std::thread::spawn(move || {
                let mut stream = TcpStream::connect(&addr).unwrap();
                stream.set_nodelay(true).unwrap();
                stream.set_read_timeout(Some(TIMEOUT)).unwrap();
                for byte in half.as_bytes() {
                    stream.write_all(&[*byte]).unwrap();
                }
                halfway_tx.send(()).unwrap();
                let _ = go_on.recv_timeout(TIMEOUT);
                for byte in rest.as_bytes() {
                    stream.write_all(&[*byte]).unwrap();
                }
                read_response(&mut stream).0
            });
            (go_on_tx, client)
        })
        .collect();
    for _ in 0..20 {
        halfway
            .recv_timeout(TIMEOUT)
            .expect("a slow client got halfway");
    }
    // ...while others are answered at once.
    for _ in 0..20 {
        let sent = Instant::now();
        let (status, _, _) = get(&server.addr, PAGE);
        assert_eq!(status, 200);
        assert!(sent.elapsed() < FAST, "took {:?}", sent.elapsed());
    }
    for (go_on, client) in slow {
        let _ = go_on.send(());
        assert_eq!(client.join().unwrap(), 200, "a slow client is answered too");
    }

    let mut answer = Vec::new();
    let read = stalled.read_to_end(&mut answer);
    let waited = stalled_since.elapsed();
    assert!(
        read.is_ok() || matches!(read, Err(ref e) if e.kind() == ErrorKind::ConnectionReset),
        "the stalled client was not cut off: {read:?} after {waited:?}"
    );
    assert!(waited < Duration::from_secs(20), "cut off after {waited:?}");
}

/// The server's resident memory in kB.
fn resident_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/PID/status")
}

#[test]
fn an_endless_request_line_is_cut_off_and_costs_no_memory() {
    let (_dir, site) = new_site();
    let server = Server::start(&site);
    assert_eq!(server.get(PAGE).0, 200);
    let before = resident_kb(server.pid());

    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream.set_write_timeout(Some(TIMEOUT)).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    let chunk = vec![b'a'; 64 * 1024];
    stream.write_all(b"GET /").unwrap();
    let mut sent = 0usize;
    let limit = 256 * 1024 * 1024;
    let cut_off = loop {
        match stream.write(&chunk) {
            Ok(n) if sent < limit => sent += n,
            Ok(_) => break None,
            Err(err) => break Some(err),
        }
    };
    let err = cut_off.expect("the server read 256 MB of one request line");
    assert_ne!(
        err.kind(),
        ErrorKind::WouldBlock,
        "the server stopped reading"
    );
    assert_ne!(
        err.kind(),
        ErrorKind::TimedOut,
        "the server stopped reading"
    );
    assert!(sent < 64 * 1024 * 1024, "cut off only after {sent} bytes");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    if !answer.is_empty() {
        let answer = String::from_utf8_lossy(&answer);
        assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    }

    let after = resident_kb(server.pid());
    assert!(
        after < before + 8 * 1024,
        "resident memory grew from {before} kB to {after} kB"
    );
    assert_eq!(server.get(PAGE).0, 200, "the server still serves");
}

/// `quire serve` allowed 64 open files, `taken` of them already in use when it starts.
#[cfg(target_os = "linux")]
fn start_with_few_descriptors(site: &std::path::Path, taken: usize) -> Server {
    use std::os::unix::process::CommandExt;
    let mut command = serve_command(site, &[]);
    let spare = std::fs::File::open("/dev/null").unwrap();
    // SAFETY: between fork and exec the closure only makes system calls (dup, setrlimit): it
    // allocates nothing and takes no lock.
    unsafe {
        command.pre_exec(move || {
            for _ in 0..taken {
                // A duplicate is not closed on exec: it stays open in quire.
                std::mem::forget(rustix::io::dup(&spare)?);
            }
            let limit = rustix::process::Rlimit {
                current: Some(64),
                maximum: Some(64),
            };
            rustix::process::setrlimit(rustix::process::Resource::Nofile, limit)?;
            Ok(())
        });
    }
    Server::spawn(command)
}

/// Opens idle connections until the server says it takes no more, closes them, and checks that
/// a page is served again.
#[cfg(target_os = "linux")]
fn exhaust_and_recover(server: &Server, says: &str) {
    let idle: Vec<TcpStream> = (0..100)
        .map(|_| TcpStream::connect(&server.addr).unwrap())
        .collect();
    server.wait_for_stderr(says);
    drop(idle);
    let (status, _, body) = server.get(PAGE);
    assert_eq!(status, 200, "{}", server.stderr());
    assert!(body.contains("about five minutes"));
}

#[cfg(target_os = "linux")]
#[test]
fn running_out_of_file_descriptors_pauses_accepting_until_they_are_free() {
    let (_dir, site) = new_site();
    // Connections alone stop at the server's own cap, which leaves descriptors for rebuilds...
    let server = start_with_few_descriptors(&site, 0);
    exhaust_and_recover(&server, "connections are open, the most this server takes");
    assert!(!server.stderr().contains("cannot accept"));
    // ...and when other files hold the rest, accepting fails (EMFILE) until connections close.
    let server = start_with_few_descriptors(&site, 28);
    exhaust_and_recover(&server, "cannot accept connections (Too many open files");
}
