/** Realistic `.nn` texts shared by the grammar tests (the first is the example of docs/language.md). */
export const fashionMnist = `# Fashion-MNIST, a two-layer MLP
let hidden = 256

data {
  train = idx("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
              "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz")
  test = idx("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz",
             "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz")
  validation = split(train, 0.1)
  preprocess = [scale(1/255), standardize(global)]
}

model {
  input = [784]
  weight_init = he_normal()
  bias_init = zeros()

  fc1: dense(hidden)
  relu
  dropout(0.2)
  fc2: dense(128) { lr_mult = 0.5 }
  relu
  out: dense(10)

  loss = cross_entropy(label_smoothing = 0.1)
}

train {
  optimizer = adam(lr = 1e-3)
  schedule {
    lr = linear(0.01, 1.0, 500 steps) then cosine(19 epochs, min = 1e-5)
  }
  epochs = 20
  batch_size = 128
  seed = 1
  early_stopping { metric = validation.loss  patience = 4  restore_best = true }
  ema { decay = 0.999 }
}
`;

export const csvRegression = `# house prices; targets are the last two columns
let width = 64  # units per hidden layer
let depth_scale = .5

data {
  train = csv("train.csv", targets = [price, rent], header = true)
  validation = split(train, 0.2);
  preprocess = [mean_subtract(per_feature), pca_whiten(components = 8, eps = 1e-5)],
}

model {
  input = [13]
  h1: dense(width * 2, bias = true) { weight_init = xavier_uniform(gain = 1.0)  freeze = false }
  leaky_relu(slope = 0.01)
  h2: dense(width) { lr_mult = depth_scale ^ 2 }
  elu(alpha = 1.0)
  out: dense(2)
  loss = mse()
}

train {
  optimizer = sgd(lr = 0.1, momentum = 0.9, nesterov = true)
  schedule {
    lr = exponential(0.95) for 10 epochs then constant()
    momentum = -0.5 + 1.4
  }
  steps = 2000
  evaluate_every = 100 steps
  regularize = [l2(1e-4), l1(1e-5, on = biases), l2(1e-3, layers = [h1])]
  metrics = [loss]
  precision = f64
}
`;
