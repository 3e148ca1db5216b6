"""The PyTorch modules of the graph parity cases, written by hand as torchvision writes ResNet and Inception, each
beside the nnc block definition it must equal (generate_graph_cases.py pairs them into cases)."""
import torch
import torch.nn as nn
import torch.nn.functional as F

from generate_cnn_cases import CLASSES

BASIC = """block basic(c, stride = 1) {
  residual {
    conv1: conv2d(c, 3, stride = stride, padding = 1, bias = false)
    bn1: batchnorm
    relu
    conv2: conv2d(c, 3, padding = 1, bias = false)
    bn2: batchnorm
  }
  relu
}
"""


class BasicBlock(nn.Module):
    """torchvision's BasicBlock: a projection shortcut (1x1 conv with the stride + batch norm) where the shape changes."""

    def __init__(self, cin, c, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, c, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(c)
        self.downsample = None
        if stride != 1 or cin != c:
            self.downsample = nn.Sequential(nn.Conv2d(cin, c, 1, stride=stride, bias=False), nn.BatchNorm2d(c))

    def forward(self, x):
        identity = x
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.downsample is not None:
            identity = self.downsample(x)
        return F.relu(out + identity)


class Stem(nn.Module):
    """conv1 -> bn1 -> relu, then `body`, then global average pooling and fc: the frame of every image case."""

    def __init__(self, cin, c, body, features):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, c, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(c)
        for name, module in body:
            self.add_module(name, module)
        self.body = [name for name, _ in body]
        self.fc = nn.Linear(features, CLASSES)

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        for name in self.body:
            x = self._modules[name](x)
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))


STEM = """  conv1: conv2d({c}, 3, padding = 1, bias = false)
  bn1: batchnorm
  relu
{body}
  adaptive_avgpool(1)
  flatten
  fc: dense({classes})
"""


class Branch(nn.Module):
    def __init__(self, *layers):
        super().__init__()
        self.steps = []
        for name, module in layers:
            if isinstance(module, nn.Module) and name is not None:
                self.add_module(name, module)
            self.steps.append(name if name is not None else module)

    def forward(self, x):
        for step in self.steps:
            x = self._modules[step](x) if isinstance(step, str) else step(x)
        return x


class Inception(nn.Module):
    """Three branches and the input itself, concatenated along channels (torchvision's Inception pattern)."""

    def __init__(self, cin):
        super().__init__()
        self.b1 = Branch(("conv", nn.Conv2d(cin, 3, 1)), (None, F.relu))
        self.b2 = Branch(("reduce", nn.Conv2d(cin, 2, 1)), (None, F.relu), ("conv", nn.Conv2d(2, 3, 3, padding=1)), (None, F.relu))
        self.b3 = Branch((None, lambda x: F.max_pool2d(x, 3, stride=1, padding=1)), ("proj", nn.Conv2d(cin, 2, 1)))

    def forward(self, x):
        return torch.cat([self.b1(x), self.b2(x), self.b3(x), x], dim=1)


INCEPTION = """block inception {
  concat {
    b1: branch { conv: conv2d(3, 1) relu }
    b2: branch { reduce: conv2d(2, 1) relu conv: conv2d(3, 3, padding = 1) relu }
    b3: branch { maxpool(3, stride = 1, padding = 1) proj: conv2d(2, 1) }
    branch { }
  }
}
"""


class PreActBlock(nn.Module):
    """He et al. 2016 (identity mappings): norm -> relu -> conv twice, added to the untouched input; group norm."""

    def __init__(self, c, groups):
        super().__init__()
        self.gn1 = nn.GroupNorm(groups, c)
        self.conv1 = nn.Conv2d(c, c, 3, padding=1, bias=False)
        self.gn2 = nn.GroupNorm(groups, c)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1, bias=False)

    def forward(self, x):
        out = self.conv1(F.relu(self.gn1(x)))
        out = self.conv2(F.relu(self.gn2(out)))
        return out + x


PREACT = """block preact(c) {
  residual {
    gn1: groupnorm(2)
    relu
    conv1: conv2d(c, 3, padding = 1, bias = false)
    gn2: groupnorm(2)
    relu
    conv2: conv2d(c, 3, padding = 1, bias = false)
  }
}
"""


class DenseResidual(nn.Module):
    """Flat features: a residual MLP block with layer norm, then an add of two branches (both written by hand)."""

    def __init__(self, features):
        super().__init__()
        self.fc_in = nn.Linear(features, 8)
        self.fc1 = nn.Linear(8, 8)
        self.ln1 = nn.LayerNorm(8)
        self.fc2 = nn.Linear(8, 8)
        self.mix = nn.Module()
        self.mix.a = Branch(("fc", nn.Linear(8, 6)), (None, torch.tanh))
        self.mix.b = Branch(("fc", nn.Linear(8, 6)))
        self.out = nn.Linear(6, CLASSES)

    def forward(self, x):
        x = F.relu(self.fc_in(x))
        x = F.relu(x + self.fc2(F.relu(self.ln1(self.fc1(x)))))
        x = self.mix.a(x) + self.mix.b(x)
        return self.out(x)
