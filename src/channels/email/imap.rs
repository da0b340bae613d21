//! IMAP polling for replies (`async-imap`). Each mailbox has a cursor (UIDVALIDITY, last UID) in
//! the database; a message is handed to the sink (which stores it idempotently on its
//! Message-ID) before the cursor moves past it, so a crash re-reads at most the message in
//! flight (and the sink ignores the duplicate) and loses nothing. A changed UIDVALIDITY (the
//! server renumbered the folder) re-reads the folder; duplicates are again ignored by the sink.

use crate::store::Store;
use futures_util::StreamExt;
use futures_util::future::BoxFuture;
use std::sync::Arc;

/// Receives one raw email and the workspace of the mailbox it came from (`None` for the
/// instance's `IMAP_URL`); `Ok` once it is stored.
pub type InboundSink =
    Arc<dyn Fn(Vec<u8>, Option<String>) -> BoxFuture<'static, Result<(), String>> + Send + Sync>;

#[derive(Clone, PartialEq, Eq)]
pub struct ImapUrl {
    pub tls: bool,
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: String,
    pub folder: String,
}

impl std::fmt::Debug for ImapUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "imap{}://{}@{}:{}/{}",
            if self.tls { "s" } else { "" },
            self.user,
            self.host,
            self.port,
            self.folder
        )
    }
}

fn percent_decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Some(byte) = std::str::from_utf8(&bytes[i + 1..i + 3])
                .ok()
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).to_string()
}

impl ImapUrl {
    /// `imaps://user:pass@host[:993][/Folder]` or `imap://…[:143]` (plain: local servers only).
    pub fn parse(raw: &str) -> Result<Self, String> {
        let (scheme, rest) = raw
            .trim()
            .split_once("://")
            .ok_or("IMAP URL must look like imaps://user:password@host:993")?;
        let tls = match scheme {
            "imaps" => true,
            "imap" => false,
            other => {
                return Err(format!(
                    "IMAP URL scheme '{other}' is not supported (imaps:// or imap://)"
                ));
            }
        };
        let (credentials, location) = rest
            .rsplit_once('@')
            .ok_or("IMAP URL needs user:password@ before the host")?;
        let (user, password) = credentials
            .split_once(':')
            .ok_or("IMAP URL needs user:password@ before the host")?;
        let (host_port, folder) = location.split_once('/').unwrap_or((location, "INBOX"));
        let (host, port) = match host_port.rsplit_once(':') {
            Some((h, p)) => (
                h,
                p.parse()
                    .map_err(|_| format!("IMAP port '{p}' is not a number"))?,
            ),
            None => (host_port, if tls { 993 } else { 143 }),
        };
        if host.is_empty() {
            return Err("IMAP URL has no host".into());
        }
        Ok(Self {
            tls,
            host: host.to_string(),
            port,
            user: percent_decode(user),
            password: percent_decode(password),
            folder: if folder.is_empty() {
                "INBOX".into()
            } else {
                percent_decode(folder)
            },
        })
    }
}

/// Reads every message newer than the cursor of `key` and hands it to the sink. Returns how
/// many messages were handed over.
pub async fn poll_once(
    store: &Store,
    key: &str,
    url: &ImapUrl,
    workspace_id: Option<String>,
    sink: &InboundSink,
) -> Result<usize, String> {
    let tcp = tokio::net::TcpStream::connect((url.host.as_str(), url.port))
        .await
        .map_err(|e| format!("connecting to {}:{}: {e}", url.host, url.port))?;
    if url.tls {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        let config = rustls::ClientConfig::builder()
            .with_root_certificates(roots)
            .with_no_client_auth();
        let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
        let name = rustls::pki_types::ServerName::try_from(url.host.clone())
            .map_err(|e| format!("IMAP host name: {e}"))?;
        let stream = connector
            .connect(name, tcp)
            .await
            .map_err(|e| format!("TLS with {}: {e}", url.host))?;
        session(
            store,
            key,
            url,
            workspace_id,
            sink,
            async_imap::Client::new(stream),
        )
        .await
    } else {
        session(
            store,
            key,
            url,
            workspace_id,
            sink,
            async_imap::Client::new(tcp),
        )
        .await
    }
}

async fn session<T>(
    store: &Store,
    key: &str,
    url: &ImapUrl,
    workspace_id: Option<String>,
    sink: &InboundSink,
    mut client: async_imap::Client<T>,
) -> Result<usize, String>
where
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    client
        .read_response()
        .await
        .map_err(|e| format!("IMAP greeting: {e}"))?
        .ok_or("the IMAP server closed the connection")?;
    let mut session = client
        .login(&url.user, &url.password)
        .await
        .map_err(|(e, _)| format!("IMAP login as {}: {e}", url.user))?;
    let mailbox = session
        .select(&url.folder)
        .await
        .map_err(|e| format!("IMAP SELECT {}: {e}", url.folder))?;
    let validity = i64::from(mailbox.uid_validity.unwrap_or(0));
    let last_uid = match store
        .email()
        .imap_cursor(key)
        .await
        .map_err(|e| e.to_string())?
    {
        Some((stored_validity, last)) if stored_validity == validity => last,
        _ => 0,
    };
    let mut uids: Vec<u32> = session
        .uid_search(format!("UID {}:*", last_uid + 1))
        .await
        .map_err(|e| format!("IMAP UID SEARCH: {e}"))?
        .into_iter()
        // `n:*` also matches the highest UID when it is below n.
        .filter(|uid| i64::from(*uid) > last_uid)
        .collect();
    uids.sort_unstable();
    let mut handed = 0;
    for uid in uids {
        let raw = {
            let mut fetches = session
                .uid_fetch(uid.to_string(), "(UID BODY.PEEK[])")
                .await
                .map_err(|e| format!("IMAP UID FETCH {uid}: {e}"))?;
            let mut raw = None;
            while let Some(fetch) = fetches.next().await {
                let fetch = fetch.map_err(|e| format!("IMAP FETCH {uid}: {e}"))?;
                if fetch.uid == Some(uid)
                    && let Some(body) = fetch.body()
                {
                    raw = Some(body.to_vec());
                }
            }
            raw
        };
        if let Some(raw) = raw {
            sink(raw, workspace_id.clone()).await?;
            handed += 1;
        }
        store
            .email()
            .set_imap_cursor(key, validity, i64::from(uid))
            .await
            .map_err(|e| e.to_string())?;
    }
    let _ = session.logout().await;
    Ok(handed)
}

/// Polls the instance's `IMAP_URL` and every mailbox with an IMAP URL, forever.
pub async fn run_poller(
    store: Store,
    default_url: Option<ImapUrl>,
    cipher: Option<crate::llm::keys::KeyCipher>,
    every: std::time::Duration,
    sink: InboundSink,
) {
    loop {
        if let Some(url) = &default_url
            && let Err(error) = poll_once(&store, "default", url, None, &sink).await
        {
            tracing::warn!(%error, "polling IMAP_URL failed");
        }
        if let (Some(cipher), Ok(mailboxes)) = (&cipher, store.email().all_mailboxes().await) {
            for mailbox in mailboxes.iter().filter(|m| m.status == "active") {
                let Ok(credentials) = super::MailboxCredentials::decrypt(cipher, mailbox) else {
                    continue;
                };
                let Some(Ok(url)) = credentials.imap_url.as_deref().map(ImapUrl::parse) else {
                    continue;
                };
                if let Err(error) = poll_once(
                    &store,
                    &mailbox.id,
                    &url,
                    Some(mailbox.workspace_id.clone()),
                    &sink,
                )
                .await
                {
                    tracing::warn!(%error, mailbox = %mailbox.address, "polling a mailbox failed");
                }
            }
        }
        tokio::time::sleep(every).await;
    }
}

#[cfg(test)]
mod tests {
    use super::ImapUrl;

    #[test]
    fn urls() {
        let url = ImapUrl::parse("imaps://ann%40acme.example:p%3Ass@imap.acme.example").unwrap();
        assert!(url.tls);
        assert_eq!(url.port, 993);
        assert_eq!(url.user, "ann@acme.example");
        assert_eq!(url.password, "p:ss");
        assert_eq!(url.folder, "INBOX");
        let url = ImapUrl::parse("imap://bob:secret@127.0.0.1:14143/Replies").unwrap();
        assert!(!url.tls);
        assert_eq!((url.port, url.folder.as_str()), (14143, "Replies"));
        assert!(ImapUrl::parse("pop3://a:b@c").is_err());
        assert!(ImapUrl::parse("imap://host").is_err());
    }
}
