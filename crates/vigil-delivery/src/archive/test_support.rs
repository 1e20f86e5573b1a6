//! Unit-test helpers of the archive sinks: exported records of a chosen category, tenant and
//! time, and [`FakeHttp`] — a scripted HTTP/1.1 server on 127.0.0.1 that records every
//! request and answers what a closure says.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code fails loudly

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use serde_json::json;
use vigil_export::{Category, ExportedRecord};
use vigil_store::TenantId;

use crate::Outgoing;

/// A record of `category` for `tenant` whose event time is `time` (RFC 3339).
pub(crate) fn outgoing(category: Category, tenant: &str, seq: u64, time: &str) -> Outgoing {
    Outgoing {
        category,
        tenant: TenantId::parse(tenant).unwrap(),
        seq,
        record: ExportedRecord::from_azure_record(&json!({
            "time": time,
            "category": category.as_str(),
            "tenantId": tenant,
            "properties": {"seq": seq, "text": "ünïcødé, \"quotes\"\nand a newline"}
        })),
    }
}

/// One request the fake server received.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub(crate) method: String,
    /// Path and query, as sent.
    pub(crate) target: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Seen {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the server answers: status, headers, body.
pub(crate) type Answer = (u16, Vec<(&'static str, String)>, Vec<u8>);

type Responder = Arc<dyn Fn(&Seen) -> Answer + Send + Sync>;

/// A scripted HTTP/1.1 server (keep-alive, `Content-Length` bodies only).
pub(crate) struct FakeHttp {
    pub(crate) base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl FakeHttp {
    /// Starts serving on a free port; threads end with the test process.
    pub(crate) fn start(respond: impl Fn(&Seen) -> Answer + Send + Sync + 'static) -> FakeHttp {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let respond: Responder = Arc::new(respond);
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (log, respond) = (Arc::clone(&log), Arc::clone(&respond));
                std::thread::spawn(move || serve(stream, &log, &respond));
            }
        });
        FakeHttp { base, seen }
    }

    /// Every request so far, in arrival order.
    pub(crate) fn requests(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// Forgets the requests so far.
    pub(crate) fn clear(&self) {
        self.seen.lock().unwrap().clear();
    }
}

fn serve(stream: TcpStream, log: &Mutex<Vec<Seen>>, respond: &Responder) {
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_owned();
        let target = parts.next().unwrap_or_default().to_owned();
        let mut headers = Vec::new();
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 {
                return;
            }
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                headers.push((name.trim().to_owned(), value.trim().to_owned()));
            }
        }
        let length = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .map_or(0, |(_, v)| v.parse::<usize>().unwrap());
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let request = Seen {
            method,
            target,
            headers,
            body,
        };
        let (status, extra, answer) = respond(&request);
        log.lock().unwrap().push(request);
        let mut head = format!(
            "HTTP/1.1 {status} Fake\r\ncontent-length: {}\r\n",
            answer.len()
        );
        for (name, value) in extra {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        if writer.write_all(head.as_bytes()).is_err() || writer.write_all(&answer).is_err() {
            return;
        }
    }
}
