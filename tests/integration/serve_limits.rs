//! Issue 18: one request never ends or freezes `huibao serve`. Each test
//! names the class of the issue it covers; all go through a real server
//! process and raw HTTP.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::serve::http::{self, Server, try_request};

const FORM: &str = "地区: 示例市\n单位: 示例市科学技术局\n工作成效:\n  - 标题: 培育创新主体\n";

/// Whether the server still answers a small request.
fn answers(s: &Server) -> bool {
    let r = try_request(
        s.port,
        "GET",
        "/api/styles",
        &[],
        b"",
        Duration::from_secs(60),
    );
    r.is_ok_and(|r| r.status == 200)
}

fn message(r: &http::Response) -> String {
    r.json()["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn post(s: &Server, path: &str, body: &[u8]) -> http::Response {
    try_request(s.port, "POST", path, &[], body, Duration::from_secs(120))
        .unwrap_or_else(|e| panic!("POST {path}: {e}"))
}

/// A 66 KB form whose 导语 references a figure with a 60 KB 说明 2,000 times.
fn reference_bomb() -> String {
    let note = "说明文字".repeat(5_000);
    let refs = "{甲}".repeat(2_000);
    format!(
        "地区: 示例市\n单位: 示例局\n主要指标:\n  - {{名称: 甲, 数值: 1, 说明: {note}}}\n导语: 全市{refs}\n工作成效: [{{标题: 乙}}]\n"
    )
}

// Class 1: the 66 KB reference form used to end the server through the
// memory handler (blaming --templates); it fails alone, with the reference.
#[test]
fn a_form_that_blows_up_fails_alone() {
    let dir = tempfile::tempdir().unwrap();
    // An address-space limit turns the old unbounded growth into a quick failure.
    let s = Server::start_with(dir.path(), &[], "ulimit -v 4000000", &[]);
    let bomb = reference_bomb();
    for route in ["/api/render?format=docx", "/api/check"] {
        let r = post(&s, route, bomb.as_bytes());
        assert_eq!(
            r.status,
            422,
            "{route}: {}",
            String::from_utf8_lossy(&r.body)
        );
        let e = &r.json()["errors"][0];
        assert!(message(&r).contains("引用“{甲}”代入后文字过多"), "{e}");
        assert_eq!(e["path"], "导语", "{e}");
        assert_eq!(
            (e["line"].as_u64(), e["column"].as_u64()),
            (Some(5), Some(13))
        );
        assert!(answers(&s), "the server answers after {route}");
    }
}

// Class 1 (and the panics of item 2): a worker that panics, passes its
// memory limit, aborts or runs too long fails its own request in Chinese;
// the server keeps serving.
#[test]
fn a_failing_worker_fails_its_request_alone() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start_with(
        dir.path(),
        &[],
        "",
        &[("HUIBAO_TEST_TIME_LIMIT_MS", "1500")],
    );
    for (fail, status, words) in [
        ("panic", 500, "程序出错"),
        ("memory", 413, "内存超过上限"),
        ("abort", 413, "内存超过上限"),
        ("sleep", 422, "生成时间超过"),
    ] {
        let r = post(&s, &format!("/api/test-failure?fail={fail}"), b"");
        assert_eq!(
            r.status,
            status,
            "{fail}: {}",
            String::from_utf8_lossy(&r.body)
        );
        assert!(message(&r).contains(words), "{fail}: {}", message(&r));
        assert!(answers(&s), "the server answers after {fail}");
        let ok = post(&s, "/api/render?format=md", FORM.as_bytes());
        assert_eq!(ok.status, 200, "a render after {fail}");
    }
}

/// Raises this process's limit on open descriptors to the hard limit.
fn raise_own_descriptor_limit() -> u64 {
    // SAFETY: getrlimit and setrlimit read and write a valid struct.
    unsafe {
        let mut r: libc::rlimit = std::mem::zeroed();
        libc::getrlimit(libc::RLIMIT_NOFILE, &mut r);
        r.rlim_cur = r.rlim_max;
        libc::setrlimit(libc::RLIMIT_NOFILE, &r);
        r.rlim_cur as u64
    }
}

/// Whether the server has closed `stream` (a read sees its end) by now.
fn closed(stream: &mut TcpStream) -> bool {
    stream.set_nonblocking(true).unwrap();
    let mut buf = [0u8; 512];
    let gone = loop {
        match stream.read(&mut buf) {
            Ok(0) => break true,
            Ok(_) => continue,
            Err(e) => break e.kind() != std::io::ErrorKind::WouldBlock,
        }
    };
    stream.set_nonblocking(false).unwrap();
    gone
}

// Class 3: about 1,020 idle connections used to exhaust the descriptors and
// end the server. 2,000 idle and slow ones (a slowloris) against a server
// allowed 1,024 descriptors: a normal request is still answered, the oldest
// idle connections were closed to make room, the server lives.
#[test]
fn two_thousand_idle_connections_do_not_keep_a_request_out() {
    assert!(
        raise_own_descriptor_limit() >= 2_200,
        "needs 2,200 descriptors"
    );
    let dir = tempfile::tempdir().unwrap();
    let mut s = Server::start_with(dir.path(), &[], "ulimit -n 1024", &[]);
    let slow_head = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX-Slow: ", s.port);
    let mut idle: Vec<TcpStream> = (0..2_000)
        .map(|i| {
            let mut c = TcpStream::connect(("127.0.0.1", s.port)).expect("connect");
            if i % 2 == 1 {
                c.write_all(slow_head.as_bytes()).unwrap();
            }
            c
        })
        .collect();
    let started = Instant::now();
    let r = try_request(
        s.port,
        "GET",
        "/api/styles",
        &[],
        b"",
        Duration::from_secs(20),
    )
    .expect("a normal request is answered");
    let took = started.elapsed();
    assert_eq!(r.status, 200);
    eprintln!("normal request beside 2,000 idle connections: {took:?}");
    assert!(took < Duration::from_secs(20), "{took:?}");
    let mut closed_count = 0;
    for c in &mut idle {
        closed_count += usize::from(closed(c));
    }
    assert!(
        closed_count >= 900,
        "the oldest idle connections make room: {closed_count} closed"
    );
    assert!(s.alive(), "the server still runs");
    drop(idle);
    assert!(answers(&s));
}

/// Waits (at most 20 s) for the server to close `stream`; whether it did.
fn closes(mut stream: TcpStream) -> bool {
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) => return e.kind() == std::io::ErrorKind::ConnectionReset,
        }
    }
}

// Class 3: idle connections, slow heads, slow bodies and idle keep-alive
// connections are closed at their deadline (shortened for the test).
#[test]
fn idle_and_slow_connections_are_closed() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start_with(dir.path(), &[], "", &[("HUIBAO_TEST_CONN_TIME_MS", "300")]);
    let host = format!("Host: 127.0.0.1:{}\r\n", s.port);
    let connect = || TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    let silent = connect();
    assert!(closes(silent), "a connection that sends nothing");
    let mut slow_head = connect();
    slow_head
        .write_all(format!("GET / HTTP/1.1\r\n{host}X-Slow: a").as_bytes())
        .unwrap();
    assert!(closes(slow_head), "a head that never ends");
    let mut slow_body = connect();
    slow_body
        .write_all(
            format!("POST /api/check HTTP/1.1\r\n{host}Content-Length: 100\r\n\r\n地区").as_bytes(),
        )
        .unwrap();
    assert!(closes(slow_body), "a body that never ends");
    let mut kept = connect();
    kept.write_all(format!("GET /api/styles HTTP/1.1\r\n{host}\r\n").as_bytes())
        .unwrap();
    let r = http::read_response(&mut kept).unwrap();
    assert_eq!(r.status, 200);
    assert!(closes(kept), "an idle keep-alive connection");
    assert!(answers(&s));
}

// Class 4: 100,000 nested brackets froze the server for 74 s; refused at
// once, with the place.
#[test]
fn deep_nesting_is_refused_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(dir.path(), &[]);
    let deep = format!("地区: 甲\n单位: 乙\n导语: {}\n", "[".repeat(100_000));
    let r = post(&s, "/api/check", deep.as_bytes());
    assert_eq!(r.status, 422);
    let e = &r.json()["errors"][0];
    assert!(message(&r).contains("表单嵌套过深"), "{e}");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(3), Some(68))
    );
    assert!(answers(&s));
}

// Class 5: a FORM that is a pipe hung `GET /api/form`; one linked to
// /dev/zero was read until memory ran out. Both are refused unread.
#[cfg(unix)]
#[test]
fn special_form_files_are_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("管道.yaml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::os::unix::fs::symlink("/dev/zero", dir.path().join("零.yaml")).unwrap();
    for (name, words) in [("管道.yaml", "管道"), ("零.yaml", "设备文件")] {
        let s = Server::start_with(dir.path(), &[name], "ulimit -v 4000000", &[]);
        let r = try_request(
            s.port,
            "GET",
            "/api/form",
            &[],
            b"",
            Duration::from_secs(30),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(r.status, 500, "{name}");
        assert!(message(&r).contains(words), "{name}: {}", message(&r));
        let put = try_request(
            s.port,
            "PUT",
            "/api/form",
            &[],
            FORM.as_bytes(),
            Duration::from_secs(30),
        )
        .unwrap();
        assert_eq!(put.status, 500, "{name}");
        assert!(answers(&s), "{name}");
    }
    use std::os::unix::fs::FileTypeExt;
    let kind = std::fs::metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo(), "the pipe is still a pipe");
}

// Class 8: saving through a symlinked form replaced the link; it writes the
// file the link names.
#[cfg(unix)]
#[test]
fn saving_through_a_link_writes_its_target() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("真")).unwrap();
    let real = dir.path().join("真/表单.yaml");
    std::fs::write(&real, FORM).unwrap();
    let link = dir.path().join("链接.yaml");
    std::os::unix::fs::symlink("真/表单.yaml", &link).unwrap();
    let s = Server::start(dir.path(), &["链接.yaml"]);
    let v = try_request(
        s.port,
        "GET",
        "/api/form",
        &[],
        b"",
        Duration::from_secs(30),
    )
    .unwrap()
    .json();
    assert_eq!(v["text"], FORM);
    let edited = FORM.replace("培育", "壮大");
    let put = try_request(
        s.port,
        "PUT",
        "/api/form",
        &[("If-Match", v["version"].as_str().unwrap())],
        edited.as_bytes(),
        Duration::from_secs(30),
    )
    .unwrap();
    assert_eq!(put.status, 200, "{}", String::from_utf8_lossy(&put.body));
    assert_eq!(std::fs::read_to_string(&real).unwrap(), edited);
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(meta.file_type().is_symlink(), "the link is still a link");
    let names: Vec<String> = std::fs::read_dir(dir.path().join("真"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["表单.yaml"], "no temporary file left");
}

// Class 8: Ctrl-C during a save left a temporary file: serve now ends
// through the handler that removes them (exit 130), not by the signal.
#[cfg(unix)]
#[test]
fn ctrl_c_ends_serve_through_the_cleanup_handler() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Server::start(dir.path(), &["表单.yaml"]);
    assert!(answers(&s));
    let sent = std::process::Command::new("kill")
        .args(["-INT", &s.pid().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = s.wait();
    assert_eq!(status.code(), Some(130), "{status:?}");
}

// Class 8: a chunked body over 1 MiB got an English 413.
#[test]
fn a_chunked_body_over_1_mib_gets_a_chinese_413() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start(dir.path(), &[]);
    let mut c = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let head = format!(
        "POST /api/render HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        s.port
    );
    c.write_all(head.as_bytes()).unwrap();
    let chunk = vec![b'#'; 64 << 10];
    for _ in 0..17 {
        if c.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
            .and_then(|()| c.write_all(&chunk))
            .and_then(|()| c.write_all(b"\r\n"))
            .is_err()
        {
            break; // answered and closed before the rest
        }
    }
    let _ = c.write_all(b"0\r\n\r\n");
    let r = http::read_response(&mut c).unwrap();
    assert_eq!(r.status, 413);
    assert_eq!(
        r.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert!(message(&r).contains("1 MiB"), "{}", message(&r));
    assert!(answers(&s));
}
