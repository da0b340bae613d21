//! Real mail servers on localhost for the email tests: `aiosmtpd` (SMTP, each message stored in a
//! maildir) from the venv scripts/test.sh prepares, and Debian's dovecot (IMAP) from a
//! throwaway configuration. Python's `email` package is the independent MIME parser.

use crate::helpers::{TempDir, temp_dir};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn venv_python() -> PathBuf {
    let venv = std::env::var("OMNIREACH_TEST_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_else(|_| "/root".into()))
                .join(".cache/omnireach/venv")
        });
    let python = venv.join("bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/test.sh once (it installs tests/support/requirements.txt into that venv)",
        python.display()
    );
    python
}

async fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what} did not start listening on port {port}");
}

/// aiosmtpd storing every message it accepts in `dir/new`.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    pub dir: TempDir,
}

impl SmtpServer {
    pub async fn start() -> Self {
        let dir = temp_dir();
        let port = free_port();
        let child = Command::new(venv_python())
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.0.join("maildir"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("aiosmtpd starts");
        wait_for_port(port, "aiosmtpd").await;
        Self { child, port, dir }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}?tls=none", self.port)
    }

    pub fn messages(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.0.join("maildir/new"))
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        files
    }

    /// Waits (with a deadline) until `count` messages arrived.
    pub async fn wait_for(&self, count: usize) -> Vec<PathBuf> {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let files = self.messages();
            if files.len() >= count {
                return files;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the SMTP server did not receive {count} message(s)");
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Parses a stored message with Python's `email` package.
pub fn inspect(path: &Path) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/inspect_email.py");
    let output = Command::new(venv_python())
        .arg(script)
        .arg(path)
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Dovecot from a throwaway configuration; any user logs in with the password `secret`.
pub struct ImapServer {
    pub port: u16,
    config: PathBuf,
    _dir: TempDir,
}

impl ImapServer {
    pub async fn start() -> Self {
        let dir = temp_dir();
        let base = &dir.0;
        let port = free_port();
        std::fs::create_dir_all(base.join("mail")).unwrap();
        std::fs::create_dir_all(base.join("run")).unwrap();
        let config = base.join("dovecot.conf");
        let d = base.display();
        std::fs::write(
            &config,
            format!(
                "base_dir = {d}/run\nlog_path = {d}/dovecot.log\nprotocols = imap\nlisten = 127.0.0.1\n\
                 ssl = no\ndisable_plaintext_auth = no\nauth_mechanisms = plain login\n\
                 mail_location = maildir:{d}/mail/%u\nfirst_valid_uid = 1\n\
                 default_login_user = dovenull\ndefault_internal_user = dovecot\n\
                 default_internal_group = dovecot\n\
                 passdb {{\n  driver = static\n  args = password=secret\n}}\n\
                 userdb {{\n  driver = static\n  args = uid=dovecot gid=dovecot home={d}/mail/%u\n}}\n\
                 service imap-login {{\n  inet_listener imap {{\n    address = 127.0.0.1\n    port = {port}\n  }}\n}}\n"
            ),
        )
        .unwrap();
        let status = Command::new("chown")
            .args(["-R", "dovecot:dovecot"])
            .arg(base.join("mail"))
            .status()
            .expect("chown runs");
        assert!(status.success());
        let _ = Command::new("chmod").arg("755").arg(base).status();
        let status = Command::new("dovecot")
            .arg("-c")
            .arg(&config)
            .status()
            .expect("dovecot is installed (scripts/test.sh installs dovecot-imapd)");
        assert!(status.success(), "dovecot failed to start");
        wait_for_port(port, "dovecot").await;
        Self {
            port,
            config,
            _dir: dir,
        }
    }

    pub fn url(&self, user: &str) -> String {
        format!("imap://{user}:secret@127.0.0.1:{}", self.port)
    }

    /// Places a message in the user's INBOX with IMAP APPEND (as a mail server delivering it).
    pub async fn append(&self, user: &str, raw: &str) {
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", self.port))
            .await
            .unwrap();
        let mut client = async_imap::Client::new(tcp);
        client.read_response().await.unwrap();
        let mut session = client
            .login(user, "secret")
            .await
            .map_err(|(e, _)| e)
            .unwrap();
        session
            .append(
                "INBOX",
                None,
                None,
                raw.replace('\n', "\r\n").replace("\r\r\n", "\r\n"),
            )
            .await
            .unwrap();
        session.logout().await.unwrap();
    }
}

impl Drop for ImapServer {
    fn drop(&mut self) {
        let _ = Command::new("doveadm")
            .arg("-c")
            .arg(&self.config)
            .arg("stop")
            .status();
    }
}
