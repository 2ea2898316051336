import Autodiff
import Tensor

/// The element-wise heart of an E3D-LSTM cell as two fused primitives with hand-written VJPs:
/// one vectorised pass over memory each way instead of a dozen slices, activations, products
/// and sums (σ and tanh from `FastActivation`), with the samples split over the cores.
///
/// Layouts: `gates` `[N, 4Ch, h, w]` (blocks i, g, r, o), `memoryGates` `[N, 3Ch, h, w]`
/// (blocks i', g', f'), states `[N, Ch, h, w]`.
enum CellUpdate {
    /// `[C, M']` `[N, 2Ch, h, w]` with
    /// ```
    /// C  = σ(i) ⊙ tanh(g) + normalized          M' = σ(f' + 1) ⊙ M + σ(i') ⊙ tanh(g')
    /// VJP (upstream dC, dM'):  d normalized = dC,  di = dC·tanh g·σi(1−σi),  dg = dC·σi·(1−tanh²g),
    /// di' = dM'·tanh g'·σi'(1−σi'),  dg' = dM'·σi'·(1−tanh²g'),  df' = dM'·M·σf'(1−σf'),  dM = dM'·σf'
    /// ```
    /// (blocks r and o of `gates` get no gradient from this primitive).
    static func cellAndMemory(gates: Variable, memoryGates: Variable, normalized: Variable, memory: Variable) -> Variable {
        let shape = normalized.shape
        let (batch, channels) = (shape[0], shape[1])
        let block = channels * shape[2] * shape[3]
        precondition(
            gates.shape == [batch, 4 * channels, shape[2], shape[3]] && memoryGates.shape == [batch, 3 * channels, shape[2], shape[3]]
                && memory.shape == shape,
            "CellUpdate.cellAndMemory: gates \(gates.shape), memory gates \(memoryGates.shape), states \(shape)")
        var joint = Tensor(uninitializedShape: [batch, 2 * channels, shape[2], shape[3]])
        let (gateValues, memoryGateValues, normalizedValues, memoryValues) = (gates.value, memoryGates.value, normalized.value, memory.value)
        gateValues.withUnsafeBufferPointer { g in
            memoryGateValues.withUnsafeBufferPointer { m in
                normalizedValues.withUnsafeBufferPointer { c in
                    memoryValues.withUnsafeBufferPointer { previous in
                        joint.withUnsafeMutableBufferPointer { out in
                            let (g, m, c, previous, out) = (Lanes(g), Lanes(m), Lanes(c), Lanes(previous), Lanes(out))
                            parallelChunks(count: batch, minimumChunk: max(1, 16_384 / block)) { samples in
                                for n in samples {
                                    let gateBase = n * 4 * block, memoryBase = n * 3 * block, stateBase = n * block, outBase = n * 2 * block
                                    for e in stride(from: 0, to: block, by: 8) {
                                        let width = min(8, block - e)
                                        let input = FastActivation.sigmoid(g.load(gateBase + e, width))
                                        let candidate = FastActivation.tanh(g.load(gateBase + block + e, width))
                                        out.store(input * candidate + c.load(stateBase + e, width), outBase + e, width)
                                        let memoryInput = FastActivation.sigmoid(m.load(memoryBase + e, width))
                                        let memoryCandidate = FastActivation.tanh(m.load(memoryBase + block + e, width))
                                        let forget = FastActivation.sigmoid(m.load(memoryBase + 2 * block + e, width) + 1)
                                        let newMemory = forget * previous.load(stateBase + e, width) + memoryInput * memoryCandidate
                                        out.store(newMemory, outBase + block + e, width)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Variable(joint, parents: [gates, memoryGates, normalized, memory]) { upstream in
            // Blocks r and o of dGates stay zero; every other element is written below.
            var dGates = Tensor(zeros: gateValues.shape), dMemoryGates = Tensor(uninitializedShape: memoryGateValues.shape)
            var dNormalized = Tensor(uninitializedShape: shape), dMemory = Tensor(uninitializedShape: shape)
            upstream.withUnsafeBufferPointer { up in
                gateValues.withUnsafeBufferPointer { g in
                    memoryGateValues.withUnsafeBufferPointer { m in
                        memoryValues.withUnsafeBufferPointer { previous in
                            dGates.withUnsafeMutableBufferPointer { dg in
                                dMemoryGates.withUnsafeMutableBufferPointer { dm in
                                    dNormalized.withUnsafeMutableBufferPointer { dc in
                                        dMemory.withUnsafeMutableBufferPointer { dprev in
                                            let (up, g, m, previous) = (Lanes(up), Lanes(g), Lanes(m), Lanes(previous))
                                            let (dg, dm, dc, dprev) = (Lanes(dg), Lanes(dm), Lanes(dc), Lanes(dprev))
                                            parallelChunks(count: batch, minimumChunk: max(1, 16_384 / block)) { samples in
                                                for n in samples {
                                                    let gateBase = n * 4 * block, memoryBase = n * 3 * block, stateBase = n * block
                                                    let upBase = n * 2 * block
                                                    for e in stride(from: 0, to: block, by: 8) {
                                                        let width = min(8, block - e)
                                                        let dCell = up.load(upBase + e, width), dNewMemory = up.load(upBase + block + e, width)
                                                        let input = FastActivation.sigmoid(g.load(gateBase + e, width))
                                                        let candidate = FastActivation.tanh(g.load(gateBase + block + e, width))
                                                        dc.store(dCell, stateBase + e, width)
                                                        dg.store(dCell * candidate * input * (1 - input), gateBase + e, width)
                                                        dg.store(dCell * input * (1 - candidate * candidate), gateBase + block + e, width)
                                                        let memoryInput = FastActivation.sigmoid(m.load(memoryBase + e, width))
                                                        let memoryCandidate = FastActivation.tanh(m.load(memoryBase + block + e, width))
                                                        let forget = FastActivation.sigmoid(m.load(memoryBase + 2 * block + e, width) + 1)
                                                        let old = previous.load(stateBase + e, width)
                                                        dm.store(dNewMemory * memoryCandidate * memoryInput * (1 - memoryInput), memoryBase + e, width)
                                                        dm.store(dNewMemory * memoryInput * (1 - memoryCandidate * memoryCandidate), memoryBase + block + e, width)
                                                        dm.store(dNewMemory * old * forget * (1 - forget), memoryBase + 2 * block + e, width)
                                                        dprev.store(dNewMemory * forget, stateBase + e, width)
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return [dGates, dMemoryGates, dNormalized, dMemory]
        }
    }

    /// H = σ(o + outputPre) ⊙ tanh(fusionPre), with o the fourth block of `gates`.
    /// VJP: do = dOutputPre = dH·tanh(f)·σ(1−σ), dFusionPre = dH·σ·(1−tanh²f).
    static func hidden(gates: Variable, outputPre: Variable, fusionPre: Variable) -> Variable {
        let shape = outputPre.shape
        let (batch, channels) = (shape[0], shape[1])
        let block = channels * shape[2] * shape[3]
        precondition(
            gates.shape == [batch, 4 * channels, shape[2], shape[3]] && fusionPre.shape == shape,
            "CellUpdate.hidden: gates \(gates.shape), output \(shape), fusion \(fusionPre.shape)")
        let (gateValues, outputValues, fusionValues) = (gates.value, outputPre.value, fusionPre.value)
        var hidden = Tensor(uninitializedShape: shape)
        gateValues.withUnsafeBufferPointer { g in
            outputValues.withUnsafeBufferPointer { o in
                fusionValues.withUnsafeBufferPointer { f in
                    hidden.withUnsafeMutableBufferPointer { h in
                        let (g, o, f, h) = (Lanes(g), Lanes(o), Lanes(f), Lanes(h))
                        parallelChunks(count: batch, minimumChunk: max(1, 16_384 / block)) { samples in
                            for n in samples {
                                let gateBase = n * 4 * block + 3 * block, base = n * block
                                for e in stride(from: 0, to: block, by: 8) {
                                    let width = min(8, block - e)
                                    let gate = FastActivation.sigmoid(g.load(gateBase + e, width) + o.load(base + e, width))
                                    h.store(gate * FastActivation.tanh(f.load(base + e, width)), base + e, width)
                                }
                            }
                        }
                    }
                }
            }
        }
        return Variable(hidden, parents: [gates, outputPre, fusionPre]) { upstream in
            // Only block o of dGates is written; the others stay zero.
            var dGates = Tensor(zeros: gateValues.shape), dOutput = Tensor(uninitializedShape: shape)
            var dFusion = Tensor(uninitializedShape: shape)
            upstream.withUnsafeBufferPointer { up in
                gateValues.withUnsafeBufferPointer { g in
                    outputValues.withUnsafeBufferPointer { o in
                        fusionValues.withUnsafeBufferPointer { f in
                            dGates.withUnsafeMutableBufferPointer { dg in
                                dOutput.withUnsafeMutableBufferPointer { dout in
                                    dFusion.withUnsafeMutableBufferPointer { dfus in
                                        let (up, g, o, f) = (Lanes(up), Lanes(g), Lanes(o), Lanes(f))
                                        let (dg, dout, dfus) = (Lanes(dg), Lanes(dout), Lanes(dfus))
                                        parallelChunks(count: batch, minimumChunk: max(1, 16_384 / block)) { samples in
                                            for n in samples {
                                                let gateBase = n * 4 * block + 3 * block, base = n * block
                                                for e in stride(from: 0, to: block, by: 8) {
                                                    let width = min(8, block - e)
                                                    let gate = FastActivation.sigmoid(g.load(gateBase + e, width) + o.load(base + e, width))
                                                    let squashed = FastActivation.tanh(f.load(base + e, width))
                                                    let dH = up.load(base + e, width)
                                                    let dPre = dH * squashed * gate * (1 - gate)
                                                    dg.store(dPre, gateBase + e, width)
                                                    dout.store(dPre, base + e, width)
                                                    dfus.store(dH * gate * (1 - squashed * squashed), base + e, width)
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            return [dGates, dOutput, dFusion]
        }
    }
}
