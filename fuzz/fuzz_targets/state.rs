//! The state file reader: any bytes give a state or an error, never a panic. A state that
//! decodes survives a round trip (what we write, we read back the same).
#![no_main]

use backspasm::state::State;
use backspasm::store;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(state) = store::decode::<State>(data) {
        let text = store::encode(&state).expect("a decoded state encodes");
        assert_eq!(store::decode::<State>(text.as_bytes()), Ok(state));
    }
});
