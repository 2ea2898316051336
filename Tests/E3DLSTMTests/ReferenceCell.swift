import Autodiff
import Glibc
import NN
import Tensor
import TestSupport
@testable import E3DLSTM

/// An independent, loop-based implementation of one E3D-LSTM cell step (Docs/e3d-lstm.md §2),
/// built on TestSupport's Double reference kernels and plain arrays: the oracle for the cell.
enum ReferenceCell {
    struct State {
        var hidden: Tensor
        var cell: Tensor
        var history: [Tensor]
    }

    static func sigmoid(_ x: Float) -> Float { Float(1 / (1 + Glibc.exp(-Double(x)))) }

    /// Channel slice `[from, from + count)` of `[N, C, h, w]`.
    static func channels(_ x: Tensor, _ from: Int, _ count: Int) -> Tensor { x.slice(axis: 1, range: from..<(from + count)) }

    /// One step; returns the new memory and updates `state`.
    static func step(cell: E3DLSTMCell, input: Tensor, memory: Tensor, state: inout State, historyLength: Int) -> Tensor {
        let ch = cell.hiddenChannels, pad = cell.kernelSize / 2
        let xConv = Reference.conv2d(input, weight: cell.inputConvWeight.value, bias: cell.inputConvBias.value, stride: [1, 1], padding: [pad, pad])
        let hConv = Reference.conv2d(state.hidden, weight: cell.hiddenConvWeight.value, bias: nil, stride: [1, 1], padding: [pad, pad])
        let mConv = Reference.conv2d(memory, weight: cell.memoryConvWeight.value, bias: nil, stride: [1, 1], padding: [pad, pad])
        var gates = Tensor(shape: hConv.shape, scalars: zip(channels(xConv, 0, 4 * ch).scalars, hConv.scalars).map(+))
        var memoryGates = Tensor(shape: mConv.shape, scalars: zip(channels(xConv, 4 * ch, 3 * ch).scalars, mConv.scalars).map(+))
        if let norm = cell.gateNorm { gates = Reference.layerNorm(gates, gain: norm.gain.value, bias: norm.shift.value, epsilon: 1e-5) }
        if let norm = cell.memoryGateNorm {
            memoryGates = Reference.layerNorm(memoryGates, gain: norm.gain.value, bias: norm.shift.value, epsilon: 1e-5)
        }
        let shape = state.cell.shape
        let (n, h, w) = (shape[0], shape[2], shape[3]), positions = h * w
        // Recall: tokens are positions, features the Ch channels.
        let query = channels(gates, 2 * ch, ch).scalars.map(sigmoid)
        var q = Tensor(zeros: [n, positions, ch]), k = Tensor(zeros: [n, positions * state.history.count, ch])
        for b in 0..<n {
            for p in 0..<positions {
                for c in 0..<ch {
                    q[b, p, c] = query[(b * ch + c) * positions + p]
                    for (j, past) in state.history.enumerated() { k[b, j * positions + p, c] = past.scalars[(b * ch + c) * positions + p] }
                }
            }
        }
        let recalled = Reference.attention(query: q, key: k, value: k, scale: 1)
        var preNorm = state.cell
        for b in 0..<n { for c in 0..<ch { for p in 0..<positions { preNorm.scalars[(b * ch + c) * positions + p] += recalled[b, p, c] } } }
        let normed = Reference.layerNorm(preNorm, gain: cell.cellNorm.gain.value, bias: cell.cellNorm.shift.value, epsilon: 1e-5)
        var newCell = Tensor(zeros: shape), newMemory = Tensor(zeros: shape)
        for b in 0..<n {
            for c in 0..<ch {
                for p in 0..<positions {
                    let at = { (t: Tensor, block: Int, count: Int) in t.scalars[(b * count + block * ch + c) * positions + p] }
                    let i = sigmoid(at(gates, 0, 4 * ch)), g = tanhf(at(gates, 1, 4 * ch))
                    let index = (b * ch + c) * positions + p
                    newCell.scalars[index] = i * g + normed.scalars[index]
                    let i2 = sigmoid(at(memoryGates, 0, 3 * ch)), g2 = tanhf(at(memoryGates, 1, 3 * ch))
                    let f2 = sigmoid(at(memoryGates, 2, 3 * ch) + 1)
                    newMemory.scalars[index] = f2 * memory.scalars[index] + i2 * g2
                }
            }
        }
        let joint = Tensor.concatenate([newCell, newMemory], axis: 1)
        let oConv = Reference.conv2d(joint, weight: cell.outputConvWeight.value, bias: nil, stride: [1, 1], padding: [pad, pad])
        let fusion = Reference.conv2d(joint, weight: cell.fusionConvWeight.value, bias: cell.fusionConvBias.value, stride: [1, 1], padding: [0, 0])
        var hidden = Tensor(zeros: shape)
        for b in 0..<n {
            for c in 0..<ch {
                for p in 0..<positions {
                    let index = (b * ch + c) * positions + p
                    let o = sigmoid(gates.scalars[(b * 4 * ch + 3 * ch + c) * positions + p] + oConv.scalars[index])
                    hidden.scalars[index] = o * tanhf(fusion.scalars[index])
                }
            }
        }
        state.hidden = hidden
        state.cell = newCell
        state.history.append(newCell)
        if state.history.count > historyLength { state.history.removeFirst() }
        return newMemory
    }
}
