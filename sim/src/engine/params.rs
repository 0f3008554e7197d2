//! Policy and JIT parameters share one namespace (`--param`, experiment grids): the
//! JIT's (LuaJIT's `-O` names: maxtrace, hotexit, ...) go to the VM, the rest to the
//! policy.

use hotsim_policies::Params;
use hotsim_vm::{JitParams, jit::JitParamError};

/// Split `key=value` pairs into policy parameters and JIT parameters.
pub fn split_params<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<(Params, JitParams), JitParamError> {
    let mut policy = Params::new();
    let mut jit = JitParams::default();
    for (k, v) in pairs {
        if JitParams::is_param(k) {
            jit.set(k, v)?;
        } else {
            policy.set(k, v);
        }
    }
    Ok((policy, jit))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jit_keys_go_to_the_vm() {
        let (p, j) = split_params([("hotloop", "10"), ("maxtrace", "7")]).unwrap();
        assert_eq!(j.maxtrace, 7);
        assert_eq!(p.iter().collect::<Vec<_>>(), vec![("hotloop", "10")]);
        assert!(split_params([("hotexit", "0")]).is_err());
    }
}
