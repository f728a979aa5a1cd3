use std::{
    collections::VecDeque,
    io,
    time::{Duration, Instant},
};

use mio::{unix::SourceFd, Events, Interest, Poll, Token};
use signal_hook_mio::v1_0::Signals;

#[cfg(feature = "event-stream")]
use crate::event::sys::Waker;
use crate::event::{
    source::EventSource, sys::unix::parse::parse_event, timeout::PollTimeout, Event, InternalEvent,
};
use crate::terminal::sys::file_descriptor::{tty_fd, FileDesc};

// Tokens to identify file descriptor
const TTY_TOKEN: Token = Token(0);
const SIGNAL_TOKEN: Token = Token(1);
#[cfg(feature = "event-stream")]
const WAKE_TOKEN: Token = Token(2);

// I (@zrzka) wasn't able to read more than 1_022 bytes when testing
// reading on macOS/Linux -> we don't need bigger buffer and 1k of bytes
// is enough.
const TTY_BUFFER_SIZE: usize = 1_024;

// backspasm patch: a bracketed paste whose end marker has not come after this long without a
// byte of it is given up: what it holds is delivered as the paste, and the keys after it are
// keys again (crossterm issue #1060). A terminal sends a paste in one go; only a lost end
// marker leaves one open this long.
const PASTE_IDLE: Duration = Duration::from_secs(2);

pub(crate) struct UnixInternalEventSource {
    poll: Poll,
    events: Events,
    parser: Parser,
    tty_buffer: [u8; TTY_BUFFER_SIZE],
    tty_fd: FileDesc<'static>,
    signals: Signals,
    #[cfg(feature = "event-stream")]
    waker: Waker,
}

impl UnixInternalEventSource {
    pub fn new() -> io::Result<Self> {
        UnixInternalEventSource::from_file_descriptor(tty_fd()?)
    }

    pub(crate) fn from_file_descriptor(input_fd: FileDesc<'static>) -> io::Result<Self> {
        let poll = Poll::new()?;
        let registry = poll.registry();

        let tty_raw_fd = input_fd.raw_fd();
        let mut tty_ev = SourceFd(&tty_raw_fd);
        registry.register(&mut tty_ev, TTY_TOKEN, Interest::READABLE)?;

        let mut signals = Signals::new([signal_hook::consts::SIGWINCH])?;
        registry.register(&mut signals, SIGNAL_TOKEN, Interest::READABLE)?;

        #[cfg(feature = "event-stream")]
        let waker = Waker::new(registry, WAKE_TOKEN)?;

        Ok(UnixInternalEventSource {
            poll,
            events: Events::with_capacity(3),
            parser: Parser::default(),
            tty_buffer: [0u8; TTY_BUFFER_SIZE],
            tty_fd: input_fd,
            signals,
            #[cfg(feature = "event-stream")]
            waker,
        })
    }
}

impl UnixInternalEventSource {
    /// backspasm patch: whether the terminal has bytes waiting to be read.
    fn more_to_read(&self) -> bool {
        // SAFETY: the descriptor is open for as long as `self.tty_fd` lives.
        let fd = unsafe { std::os::fd::BorrowedFd::borrow_raw(self.tty_fd.raw_fd()) };
        rustix::io::ioctl_fionread(fd).is_ok_and(|n| n > 0)
    }
}

impl EventSource for UnixInternalEventSource {
    fn try_read(&mut self, timeout: Option<Duration>) -> io::Result<Option<InternalEvent>> {
        if let Some(event) = self.parser.next() {
            return Ok(Some(event));
        }

        let timeout = PollTimeout::new(timeout);

        loop {
            // backspasm patch: an open paste bounds the wait, and is given up once idle.
            if let Some(event) = self.parser.give_up_paste(Instant::now()) {
                return Ok(Some(event));
            }
            let wait = match (timeout.leftover(), self.parser.paste_deadline()) {
                (leftover, None) => leftover,
                (None, Some(deadline)) => Some(deadline.saturating_duration_since(Instant::now())),
                (Some(leftover), Some(deadline)) => {
                    Some(leftover.min(deadline.saturating_duration_since(Instant::now())))
                }
            };
            if let Err(e) = self.poll.poll(&mut self.events, wait) {
                // Mio will throw an interrupted error in case of cursor position retrieval. We need to retry until it succeeds.
                // Previous versions of Mio (< 0.7) would automatically retry the poll call if it was interrupted (if EINTR was returned).
                // https://docs.rs/mio/0.7.0/mio/struct.Poll.html#notes
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                } else {
                    return Err(e);
                }
            };

            if self.events.is_empty() {
                if !timeout.elapsed() && self.parser.paste_deadline().is_some() {
                    // The open paste's deadline, not the caller's: give it up above.
                    continue;
                }
                // No readiness events = timeout
                return Ok(None);
            }

            for token in self.events.iter().map(|x| x.token()) {
                match token {
                    TTY_TOKEN => {
                        // backspasm patch (as crossterm PR #1057): mio's epoll is
                        // edge-triggered, so bytes left unread here would wait for the next
                        // key. Read all there is, queue its events, then hand out the first.
                        // A full buffer is read again only when more is waiting: the terminal
                        // is a blocking descriptor, and a read on nothing would hang.
                        loop {
                            match self.tty_fd.read(&mut self.tty_buffer) {
                                Ok(read_count) => {
                                    if read_count > 0 {
                                        self.parser.advance(
                                            &self.tty_buffer[..read_count],
                                            read_count == TTY_BUFFER_SIZE,
                                        );
                                    }
                                    if read_count < TTY_BUFFER_SIZE || !self.more_to_read() {
                                        break;
                                    }
                                }
                                Err(e) => {
                                    // No more data to read at the moment. We will receive another event
                                    if e.kind() == io::ErrorKind::WouldBlock {
                                        break;
                                    }
                                    // once more data is available to read.
                                    else if e.kind() == io::ErrorKind::Interrupted {
                                        continue;
                                    }
                                    break;
                                }
                            };
                        }
                        if let Some(event) = self.parser.next() {
                            return Ok(Some(event));
                        }
                    }
                    SIGNAL_TOKEN => {
                        if self.signals.pending().next() == Some(signal_hook::consts::SIGWINCH) {
                            // TODO Should we remove tput?
                            //
                            // This can take a really long time, because terminal::size can
                            // launch new process (tput) and then it parses its output. It's
                            // not a really long time from the absolute time point of view, but
                            // it's a really long time from the mio, async-std/tokio executor, ...
                            // point of view.
                            let new_size = crate::terminal::size()?;
                            return Ok(Some(InternalEvent::Event(Event::Resize(
                                new_size.0, new_size.1,
                            ))));
                        }
                    }
                    #[cfg(feature = "event-stream")]
                    WAKE_TOKEN => {
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::Interrupted,
                            "Poll operation was woken up by `Waker::wake`",
                        ));
                    }
                    _ => unreachable!("Synchronize Evented handle registration & token handling"),
                }
            }

            // Processing above can take some time, check if timeout expired
            if timeout.elapsed() {
                return Ok(None);
            }
        }
    }

    #[cfg(feature = "event-stream")]
    fn waker(&self) -> Waker {
        self.waker.clone()
    }
}

//
// Following `Parser` structure exists for two reasons:
//
//  * mimic anes Parser interface
//  * move the advancing, parsing, ... stuff out of the `try_read` method
//
#[derive(Debug)]
struct Parser {
    buffer: Vec<u8>,
    internal_events: VecDeque<InternalEvent>,
    /// backspasm patch: when the last byte of a paste still open (its end marker not yet
    /// read) came.
    paste_seen: Option<Instant>,
}

impl Default for Parser {
    fn default() -> Self {
        Parser {
            // This buffer is used for -> 1 <- ANSI escape sequence. Are we
            // aware of any ANSI escape sequence that is bigger? Can we make
            // it smaller?
            //
            // Probably not worth spending more time on this as "there's a plan"
            // to use the anes crate parser.
            buffer: Vec::with_capacity(256),
            // TTY_BUFFER_SIZE is 1_024 bytes. How many ANSI escape sequences can
            // fit? What is an average sequence length? Let's guess here
            // and say that the average ANSI escape sequence length is 8 bytes. Thus
            // the buffer size should be 1024/8=128 to avoid additional allocations
            // when processing large amounts of data.
            //
            // There's no need to make it bigger, because when you look at the `try_read`
            // method implementation, all events are consumed before the next TTY_BUFFER
            // is processed -> events pushed.
            internal_events: VecDeque::with_capacity(128),
            paste_seen: None,
        }
    }
}

/// backspasm patch: what opens a bracketed paste.
const PASTE_START: &[u8] = b"\x1B[200~";

impl Parser {
    /// backspasm patch: when an open paste is given up, if one is open.
    fn paste_deadline(&self) -> Option<Instant> {
        self.paste_seen.map(|seen| seen + PASTE_IDLE)
    }

    /// backspasm patch: an open paste idle for `PASTE_IDLE` at `now`, given up: what it holds,
    /// as the paste; the parser is ready for keys again.
    fn give_up_paste(&mut self, now: Instant) -> Option<InternalEvent> {
        if self.paste_deadline().is_none_or(|deadline| now < deadline) {
            return None;
        }
        self.paste_seen = None;
        let text = String::from_utf8_lossy(&self.buffer[PASTE_START.len()..]).into_owned();
        self.buffer.clear();
        Some(InternalEvent::Event(crate::event::Event::Paste(text)))
    }

    fn advance(&mut self, buffer: &[u8], more: bool) {
        // backspasm patch: bytes after a long pause do not belong to the paste before it.
        if let Some(event) = self.give_up_paste(Instant::now()) {
            self.internal_events.push_back(event);
        }
        for (idx, byte) in buffer.iter().enumerate() {
            let more = idx + 1 < buffer.len() || more;

            self.buffer.push(*byte);

            match parse_event(&self.buffer, more) {
                Ok(Some(ie)) => {
                    self.internal_events.push_back(ie);
                    self.buffer.clear();
                }
                Ok(None) => {
                    // Event can't be parsed, because we don't have enough bytes for
                    // the current sequence. Keep the buffer and process next bytes.
                }
                Err(_) => {
                    // Event can't be parsed (not enough parameters, parameter is not a number, ...).
                    // Clear the buffer and continue with another sequence.
                    self.buffer.clear();
                }
            }
        }
        // backspasm patch: note when an open paste last grew.
        self.paste_seen = self
            .buffer
            .starts_with(PASTE_START)
            .then(Instant::now);
    }
}

impl Iterator for Parser {
    type Item = InternalEvent;

    fn next(&mut self) -> Option<Self::Item> {
        self.internal_events.pop_front()
    }
}
