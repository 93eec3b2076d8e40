// The activation table. Each function is one struct holding its value and its
// derivative next to each other, templated on the float type so the double API
// and the trainer's float loops share the definition. p points at the resolved
// parameters in the order of the function's ParamSpec list.
#include "actlab/activation.hpp"

#include <cmath>
#include <stdexcept>
#include <string>
#include "actlab/fail.hpp"

#include "stable_math.hpp"
#include "table_lookup.hpp"

namespace actlab {
namespace {

using detail::sigmoid;
using detail::softplus;

// ---- threshold and identity ------------------------------------------------

struct Step {  // Heaviside with step(0) = 0; its derivative is 0 wherever it exists
  template <class T>
  static T value(T x, const T*) {
    return x > T(0) ? T(1) : T(0);
  }
  template <class T>
  static T grad(T, const T*) {
    return T(0);
  }
};

struct Linear {
  template <class T>
  static T value(T x, const T*) {
    return x;
  }
  template <class T>
  static T grad(T, const T*) {
    return T(1);
  }
};

// ---- logistic family ---------------------------------------------------------

struct Sigmoid {
  template <class T>
  static T value(T x, const T*) {
    return sigmoid(x);
  }
  template <class T>
  static T grad(T x, const T*) {
    const T s = sigmoid(x);
    return s * (T(1) - s);
  }
};

struct Tanh {
  template <class T>
  static T value(T x, const T*) {
    return std::tanh(x);
  }
  template <class T>
  static T grad(T x, const T*) {
    const T t = std::tanh(x);
    return T(1) - t * t;
  }
};

struct LogSigmoid {  // log sigma(x) = -softplus(-x); derivative sigma(-x)
  template <class T>
  static T value(T x, const T*) {
    return -softplus(-x);
  }
  template <class T>
  static T grad(T x, const T*) {
    return sigmoid(-x);
  }
};

struct Softsign {
  template <class T>
  static T value(T x, const T*) {
    return std::isinf(x) ? std::copysign(T(1), x) : x / (T(1) + std::fabs(x));
  }
  template <class T>
  static T grad(T x, const T*) {
    const T d = T(1) + std::fabs(x);
    return T(1) / (d * d);
  }
};

// ---- rectifiers: at the kink x = 0 the left-hand derivative is used -------------

struct Relu {
  template <class T>
  static T value(T x, const T*) {
    return x > T(0) ? x : T(0);
  }
  template <class T>
  static T grad(T x, const T*) {
    return x > T(0) ? T(1) : T(0);
  }
};

struct LeakyRelu {  // p[0] = negative_slope
  template <class T>
  static T value(T x, const T* p) {
    return x > T(0) ? x : (p[0] == T(0) ? T(0) : p[0] * x);  // slope 0 at x = -inf gives 0, not NaN
  }
  template <class T>
  static T grad(T x, const T* p) {
    return x > T(0) ? T(1) : p[0];
  }
};

struct Prelu {  // p[0] = weight (learned in the trainer)
  template <class T>
  static T value(T x, const T* p) {
    return x > T(0) ? x : (p[0] == T(0) ? T(0) : p[0] * x);  // slope 0 at x = -inf gives 0, not NaN
  }
  template <class T>
  static T grad(T x, const T* p) {
    return x > T(0) ? T(1) : p[0];
  }
};

struct Relu6 {  // hardtanh(x, 0, 6): derivative 0 at both corners
  template <class T>
  static T value(T x, const T*) {
    return std::fmin(std::fmax(x, T(0)), T(6));
  }
  template <class T>
  static T grad(T x, const T*) {
    return (x > T(0) && x < T(6)) ? T(1) : T(0);
  }
};

struct Hardtanh {  // p[0] = min_val < p[1] = max_val; clamp to [min_val, max_val], derivative 0 at both corners
  template <class T>
  static T value(T x, const T* p) {
    return std::fmin(std::fmax(x, p[0]), p[1]);
  }
  template <class T>
  static T grad(T x, const T* p) {
    return (x > p[0] && x < p[1]) ? T(1) : T(0);
  }
};

// ---- exponential linear units ------------------------------------------------

struct Elu {  // p[0] = alpha; derivative alpha at 0
  template <class T>
  static T value(T x, const T* p) {
    return x > T(0) ? x : p[0] * std::expm1(x);
  }
  template <class T>
  static T grad(T x, const T* p) {
    return x > T(0) ? T(1) : p[0] * std::exp(x);
  }
};

inline constexpr double selu_alpha = 1.6732632423543772848170429916717;
inline constexpr double selu_scale = 1.0507009873554804934193349852946;

struct Selu {  // derivative scale * alpha at 0
  template <class T>
  static T value(T x, const T*) {
    return T(selu_scale) * (x > T(0) ? x : T(selu_alpha) * std::expm1(x));
  }
  template <class T>
  static T grad(T x, const T*) {
    return x > T(0) ? T(selu_scale) : T(selu_scale * selu_alpha) * std::exp(x);
  }
};

struct Celu {  // p[0] = alpha > 0; continuously differentiable, derivative 1 at 0
  template <class T>
  static T value(T x, const T* p) {
    return x > T(0) ? x : p[0] * std::expm1(x / p[0]);
  }
  template <class T>
  static T grad(T x, const T* p) {
    return x > T(0) ? T(1) : std::exp(x / p[0]);
  }
};

// ---- smooth self-gated units ----------------------------------------------------

inline constexpr double inv_sqrt2 = 0.70710678118654752440;
inline constexpr double inv_sqrt_2pi = 0.39894228040143267794;

struct Gelu {  // x * Phi(x), Phi the standard normal CDF = erfc(-x / sqrt 2) / 2
  // Where a factor underflows to 0 the product is 0: this keeps x = -inf from giving inf * 0.
  template <class T>
  static T value(T x, const T*) {
    const T cdf = T(0.5) * std::erfc(-x * T(inv_sqrt2));
    return cdf == T(0) ? T(0) : x * cdf;
  }
  template <class T>
  static T grad(T x, const T*) {
    const T cdf = T(0.5) * std::erfc(-x * T(inv_sqrt2));
    // For |x| > 40 the density underflows to 0; skip it so x * x cannot overflow.
    const T pdf = std::fabs(x) < T(40) ? T(inv_sqrt_2pi) * std::exp(T(-0.5) * x * x) : T(0);
    return pdf == T(0) ? cdf : cdf + x * pdf;
  }
};

inline constexpr double gelu_tanh_beta = 0.79788456080286535588;  // sqrt(2 / pi)
inline constexpr double gelu_tanh_kappa = 0.044715;

struct GeluTanh {  // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
  template <class T>
  static T value(T x, const T*) {
    if (std::fabs(x) > T(1e10)) return x > T(0) ? x : T(0);  // tanh is exactly +-1 long before
    const T inner = T(gelu_tanh_beta) * (x + T(gelu_tanh_kappa) * x * x * x);
    return T(0.5) * x * (T(1) + std::tanh(inner));
  }
  template <class T>
  static T grad(T x, const T*) {
    if (std::fabs(x) > T(1e10)) return x > T(0) ? T(1) : T(0);  // keeps x^2 from overflowing
    const T x2 = x * x;
    const T t = std::tanh(T(gelu_tanh_beta) * (x + T(gelu_tanh_kappa) * x2 * x));
    const T inner_grad = T(gelu_tanh_beta) * (T(1) + T(3 * gelu_tanh_kappa) * x2);
    return T(0.5) * (T(1) + t) + T(0.5) * x * (T(1) - t * t) * inner_grad;
  }
};

struct Silu {  // x * sigma(x); the zero checks keep x = +-inf from giving inf * 0
  template <class T>
  static T value(T x, const T*) {
    const T s = sigmoid(x);
    return s == T(0) ? T(0) : x * s;
  }
  template <class T>
  static T grad(T x, const T*) {
    const T s = sigmoid(x);
    if (s == T(0)) return T(0);
    const T rest = T(1) - s;
    return rest == T(0) ? s : s * (T(1) + x * rest);
  }
};

struct Swish {  // p[0] = beta: x * sigma(beta x); beta = 0 is x / 2, also at x = +-inf (not 0 * inf)
  template <class T>
  static T value(T x, const T* p) {
    const T s = p[0] == T(0) ? T(0.5) : sigmoid(p[0] * x);
    return s == T(0) ? T(0) : x * s;
  }
  template <class T>
  static T grad(T x, const T* p) {
    if (p[0] == T(0)) return T(0.5);
    const T s = sigmoid(p[0] * x);
    const T slope = s * (T(1) - s);  // 0 once beta x saturates; skip beta x then, which may be inf
    return slope == T(0) ? s : s + p[0] * x * slope;
  }
};

struct Softplus {  // p = [beta, threshold]; linear where beta x > threshold, as PyTorch
  template <class T>
  static T value(T x, const T* p) {
    const T bx = p[0] * x;
    return bx > p[1] ? x : softplus(bx) / p[0];
  }
  template <class T>
  static T grad(T x, const T* p) {
    const T bx = p[0] * x;
    return bx > p[1] ? T(1) : sigmoid(bx);
  }
};

struct Mish {  // x * tanh(softplus(x)); the zero checks keep x = +-inf from giving inf * 0
  template <class T>
  static T value(T x, const T*) {
    const T t = std::tanh(softplus(x));
    return t == T(0) ? T(0) : x * t;
  }
  template <class T>
  static T grad(T x, const T*) {
    const T t = std::tanh(softplus(x));
    const T gate = sigmoid(x) * (T(1) - t * t);
    return gate == T(0) ? t : t + x * gate;
  }
};

// ---- piecewise-linear "hard" approximations ----------------------------------------

struct Hardsigmoid {  // relu6(x + 3) / 6; derivative 1/6 strictly inside (-3, 3)
  template <class T>
  static T value(T x, const T*) {
    if (x <= T(-3)) return T(0);
    if (x >= T(3)) return T(1);
    return x / T(6) + T(0.5);
  }
  template <class T>
  static T grad(T x, const T*) {
    return (x > T(-3) && x < T(3)) ? T(1) / T(6) : T(0);
  }
};

// x * relu6(x + 3) / 6; derivative -0.5 at x = -3 and 1.5 at x = 3, as PyTorch's
// scalar CPU kernel, CUDA kernel and decomposition define it (its SIMD CPU path
// returns 1 at x = 3 for long tensors; we follow the definition, not that path).
struct Hardswish {
  template <class T>
  static T value(T x, const T*) {
    if (x <= T(-3)) return T(0);
    if (x >= T(3)) return x;
    return x * (x + T(3)) / T(6);
  }
  template <class T>
  static T grad(T x, const T*) {
    if (x < T(-3)) return T(0);
    if (x <= T(3)) return x / T(3) + T(0.5);
    return T(1);
  }
};

// ---- the table ----------------------------------------------------------------

// Scalar double entry points: NaN in gives NaN out for the value and the derivative.
template <class F>
double scalar_value(double x, const double* p) {
  return std::isnan(x) ? x : F::template value<double>(x, p);
}
template <class F>
double scalar_grad(double x, const double* p) {
  return std::isnan(x) ? x : F::template grad<double>(x, p);
}
template <class F>
void batch_value(const float* in, float* out, std::size_t n, const float* p) {
  for (std::size_t i = 0; i < n; ++i) out[i] = F::template value<float>(in[i], p);
}
template <class F>
void batch_grad(const float* in, float* out, std::size_t n, const float* p) {
  for (std::size_t i = 0; i < n; ++i) out[i] = F::template grad<float>(in[i], p);
}

constexpr ParamSpec negative_slope[] = {{"negative_slope", 0.01, -10, 10, 0, 1}};
constexpr ParamSpec prelu_weight[] = {{"weight", 0.25, -10, 10, -0.5, 1}};
constexpr ParamSpec elu_alpha[] = {{"alpha", 1, -10, 10, 0, 3}};
constexpr ParamSpec celu_alpha[] = {{"alpha", 1, 0.01, 10, 0.1, 3}};
constexpr ParamSpec swish_beta[] = {{"beta", 1, -10, 10, 0, 5}};
constexpr ParamSpec softplus_params[] = {{"beta", 1, 0.01, 100, 0.1, 5}, {"threshold", 20, 0, 100, 1, 40}};
constexpr ParamSpec hardtanh_params[] = {{"min_val", -1, -10, 10, -3, 1}, {"max_val", 1, -10, 10, -1, 3, "min_val"}};

struct Meta {
  std::string_view id, name, torch, formula, derivative, origin;
  std::span<const ParamSpec> params;
  double range_min, range_max;
  bool range_min_attained, range_max_attained;
  ActivationProperties properties;
};

template <class F>
constexpr Activation entry(const Meta& m) {
  return {m.id,
          m.name,
          m.torch,
          m.formula,
          m.derivative,
          m.origin,
          m.params,
          m.range_min,
          m.range_max,
          m.range_min_attained,
          m.range_max_attained,
          m.properties,
          &scalar_value<F>,
          &scalar_grad<F>,
          &batch_value<F>,
          &batch_grad<F>};
}

// Properties: {monotonic, smooth, zero_centred, bounded_above, bounded_below, saturating}
const Activation table[] = {
    entry<Step>({"step",
                 "Step",
                 "(x > 0).to(x.dtype)",
                 R"(\begin{cases}1 & x>0\\0 & x\le 0\end{cases})",
                 R"(0\quad(x\ne 0))",
                 "McCulloch & Pitts, 1943",
                 {},
                 0,
                 1,
                 true,
                 true,
                 {true, false, false, true, true, true}}),
    entry<Linear>({"linear",
                   "Linear",
                   "x  # nn.Identity()",
                   "x",
                   "1",
                   "",
                   {},
                   -infinity,
                   infinity,
                   false,
                   false,
                   {true, true, true, false, false, false}}),
    entry<Sigmoid>({"sigmoid",
                    "Sigmoid",
                    "torch.sigmoid(x)",
                    R"(\sigma(x)=\frac{1}{1+e^{-x}})",
                    R"(\sigma(x)\,(1-\sigma(x)))",
                    "Rumelhart, Hinton & Williams, 1986",
                    {},
                    0,
                    1,
                    false,
                    false,
                    {true, true, false, true, true, true}}),
    entry<Tanh>({"tanh",
                 "Tanh",
                 "torch.tanh(x)",
                 R"(\tanh x=\frac{e^{x}-e^{-x}}{e^{x}+e^{-x}})",
                 R"(1-\tanh^2 x)",
                 "LeCun et al., 1998 (Efficient BackProp)",
                 {},
                 -1,
                 1,
                 false,
                 false,
                 {true, true, true, true, true, true}}),
    entry<Relu>({"relu",
                 "ReLU",
                 "F.relu(x)",
                 R"(\max(0,x))",
                 R"(\begin{cases}1 & x>0\\0 & x\le 0\end{cases})",
                 "Nair & Hinton, 2010; Glorot, Bordes & Bengio, 2011",
                 {},
                 0,
                 infinity,
                 true,
                 false,
                 {true, false, false, false, true, false}}),
    entry<LeakyRelu>({"leaky_relu",
                      "Leaky ReLU",
                      "F.leaky_relu(x, negative_slope=0.01)",
                      R"(\begin{cases}x & x>0\\ a\,x & x\le 0\end{cases})",
                      R"(\begin{cases}1 & x>0\\ a & x\le 0\end{cases})",
                      "Maas, Hannun & Ng, 2013",
                      negative_slope,
                      -infinity,
                      infinity,
                      false,
                      false,
                      {true, false, false, false, false, false}}),
    entry<Prelu>({"prelu",
                  "PReLU",
                  "F.prelu(x, torch.tensor([0.25]))",
                  R"(\begin{cases}x & x>0\\ a\,x & x\le 0\end{cases}\ (a\ \text{learned}))",
                  R"(\begin{cases}1 & x>0\\ a & x\le 0\end{cases})",
                  "He et al., 2015",
                  prelu_weight,
                  -infinity,
                  infinity,
                  false,
                  false,
                  {true, false, false, false, false, false}}),
    entry<Elu>({"elu",
                "ELU",
                "F.elu(x, alpha=1.0)",
                R"(\begin{cases}x & x>0\\ \alpha\,(e^{x}-1) & x\le 0\end{cases})",
                R"(\begin{cases}1 & x>0\\ \alpha\,e^{x} & x\le 0\end{cases})",
                "Clevert, Unterthiner & Hochreiter, 2015",
                elu_alpha,
                -1,
                infinity,
                false,
                false,
                {true, true, false, false, true, false}}),
    entry<Selu>(
        {"selu",
         "SELU",
         "F.selu(x)",
         R"(\lambda\begin{cases}x & x>0\\ \alpha\,(e^{x}-1) & x\le 0\end{cases},\ \lambda\approx 1.0507,\ \alpha\approx 1.6733)",
         R"(\lambda\begin{cases}1 & x>0\\ \alpha\,e^{x} & x\le 0\end{cases})",
         "Klambauer et al., 2017",
         {},
         -selu_scale* selu_alpha,
         infinity,
         false,
         false,
         {true, false, true, false, true, false}}),
    entry<Celu>({"celu",
                 "CELU",
                 "F.celu(x, alpha=1.0)",
                 R"(\begin{cases}x & x>0\\ \alpha\,(e^{x/\alpha}-1) & x\le 0\end{cases})",
                 R"(\begin{cases}1 & x>0\\ e^{x/\alpha} & x\le 0\end{cases})",
                 "Barron, 2017",
                 celu_alpha,
                 -1,
                 infinity,
                 false,
                 false,
                 {true, true, false, false, true, false}}),
    entry<Gelu>({"gelu",
                 "GELU",
                 "F.gelu(x)",
                 R"(x\,\Phi(x)=\frac{x}{2}\left(1+\operatorname{erf}\frac{x}{\sqrt2}\right))",
                 R"(\Phi(x)+x\,\varphi(x),\ \varphi(x)=\frac{e^{-x^2/2}}{\sqrt{2\pi}})",
                 "Hendrycks & Gimpel, 2016",
                 {},
                 -0.16997120747990369,
                 infinity,
                 true,
                 false,
                 {false, true, false, false, true, false}}),
    entry<GeluTanh>({"gelu_tanh",
                     "GELU (tanh)",
                     "F.gelu(x, approximate='tanh')",
                     R"(\frac{x}{2}\left(1+\tanh\left(\sqrt{2/\pi}\,(x+0.044715\,x^{3})\right)\right))",
                     R"(\frac{1+t}{2}+\frac{x}{2}(1-t^{2})\sqrt{2/\pi}\,(1+0.134145\,x^{2}),\ t=\tanh(\cdot))",
                     "Hendrycks & Gimpel, 2016",
                     {},
                     -0.17004075057125403,
                     infinity,
                     true,
                     false,
                     {false, true, false, false, true, false}}),
    entry<Silu>({"silu",
                 "SiLU",
                 "F.silu(x)",
                 R"(x\,\sigma(x))",
                 R"(\sigma(x)\,(1+x\,(1-\sigma(x))))",
                 "Hendrycks & Gimpel, 2016; Elfwing, Uchibe & Doya, 2017",
                 {},
                 -0.2784645427610738,
                 infinity,
                 true,
                 false,
                 {false, true, false, false, true, false}}),
    entry<Swish>({"swish",
                  "Swish",
                  "x * torch.sigmoid(beta * x)",
                  R"(x\,\sigma(\beta x))",
                  R"(\sigma(\beta x)+\beta x\,\sigma(\beta x)\,(1-\sigma(\beta x)))",
                  "Ramachandran, Zoph & Le, 2017",
                  swish_beta,
                  -0.2784645427610738,
                  infinity,
                  true,
                  false,
                  {false, true, false, false, true, false}}),
    entry<Softplus>({"softplus",
                     "Softplus",
                     "F.softplus(x, beta=1.0, threshold=20.0)",
                     R"(\frac{1}{\beta}\log(1+e^{\beta x}))",
                     R"(\sigma(\beta x))",
                     "Dugas et al., 2001",
                     softplus_params,
                     0,
                     infinity,
                     false,
                     false,
                     {true, true, false, false, true, false}}),
    entry<Softsign>({"softsign",
                     "Softsign",
                     "F.softsign(x)",
                     R"(\frac{x}{1+|x|})",
                     R"(\frac{1}{(1+|x|)^2})",
                     "Bergstra et al., 2009",
                     {},
                     -1,
                     1,
                     false,
                     false,
                     {true, true, true, true, true, true}}),
    entry<Mish>({"mish",
                 "Mish",
                 "F.mish(x)",
                 R"(x\tanh(\operatorname{softplus}(x)))",
                 R"(\tanh(s)+x\,\sigma(x)\,(1-\tanh^{2}s),\ s=\operatorname{softplus}(x))",
                 "Misra, 2019",
                 {},
                 -0.3088434130172504,
                 infinity,
                 true,
                 false,
                 {false, true, false, false, true, false}}),
    entry<Hardsigmoid>({"hardsigmoid",
                        "Hardsigmoid",
                        "F.hardsigmoid(x)",
                        R"(\begin{cases}0 & x\le -3\\ x/6+1/2 & -3<x<3\\ 1 & x\ge 3\end{cases})",
                        R"(\begin{cases}1/6 & -3<x<3\\ 0 & \text{otherwise}\end{cases})",
                        "Howard et al., 2019 (MobileNetV3)",
                        {},
                        0,
                        1,
                        true,
                        true,
                        {true, false, false, true, true, true}}),
    entry<Hardswish>({"hardswish",
                      "Hardswish",
                      "F.hardswish(x)",
                      R"(\begin{cases}0 & x\le -3\\ x(x+3)/6 & -3<x<3\\ x & x\ge 3\end{cases})",
                      R"(\begin{cases}0 & x<-3\\ x/3+1/2 & -3\le x\le 3\\ 1 & x>3\end{cases})",
                      "Howard et al., 2019 (MobileNetV3)",
                      {},
                      -0.375,
                      infinity,
                      true,
                      false,
                      {false, false, false, false, true, false}}),
    entry<Hardtanh>(
        {"hardtanh",
         "Hardtanh",
         "F.hardtanh(x, min_val=-1.0, max_val=1.0)",
         R"(\begin{cases}a & x\le a\\ x & a<x<b\\ b & x\ge b\end{cases},\ a=\text{min\_val},\ b=\text{max\_val})",
         R"(\begin{cases}1 & a<x<b\\ 0 & \text{otherwise}\end{cases})",
         "Collobert, 2004",
         hardtanh_params,
         -1,
         1,
         true,
         true,
         {true, false, true, true, true, true}}),
    entry<Relu6>({"relu6",
                  "ReLU6",
                  "F.relu6(x)",
                  R"(\min(\max(0,x),6))",
                  R"(\begin{cases}1 & 0<x<6\\ 0 & \text{otherwise}\end{cases})",
                  "Krizhevsky, 2010",
                  {},
                  0,
                  6,
                  true,
                  true,
                  {true, false, false, true, true, true}}),
    entry<LogSigmoid>({"logsigmoid",
                       "LogSigmoid",
                       "F.logsigmoid(x)",
                       R"(\log\sigma(x)=-\log(1+e^{-x}))",
                       R"(1-\sigma(x)=\sigma(-x))",
                       "",
                       {},
                       -infinity,
                       0,
                       false,
                       false,
                       {true, true, false, true, false, false}}),
};

void check_lengths(std::span<const double> x, std::span<double> out) {
  if (x.size() != out.size()) throw std::invalid_argument("output length does not match input length");
}

}  // namespace

std::span<const Activation> activations() { return table; }

const Activation* find_activation(std::string_view id) noexcept { return detail::find_by_id<Activation>(table, id); }

const Activation& activation(std::string_view id) { return detail::get_by_id<Activation>(table, id, "activation"); }

Params resolve_params(const Activation& fn, std::span<const double> given) {
  if (given.size() > fn.params.size())
    detail::fail({fn.id, " takes ", fn.params.size(), " parameter(s), got ", given.size()});
  Params resolved{};
  for (std::size_t i = 0; i < fn.params.size(); ++i) {
    const ParamSpec& spec = fn.params[i];
    const double v = i < given.size() ? given[i] : spec.default_value;
    if (std::isnan(v))
      detail::fail({fn.id, " parameter ", spec.id, " is NaN; it must be a number in [", spec.min, ", ", spec.max, "]"});
    if (!(v >= spec.min && v <= spec.max))
      detail::fail({fn.id, " parameter ", spec.id, " = ", v, " is outside [", spec.min, ", ", spec.max, "]"});
    if (!spec.above.empty()) {
      std::size_t k = 0;
      while (k < i && fn.params[k].id != spec.above) ++k;  // an earlier parameter (the tests check the table)
      if (k < i && !(v > resolved[k]))
        detail::fail(
            {fn.id, " parameter ", spec.id, " = ", v, " must be greater than ", spec.above, " = ", resolved[k]});
    }
    resolved[i] = v;
  }
  return resolved;
}

void activation_eval(std::string_view id, std::span<const double> x, std::span<const double> params,
                     std::span<double> out) {
  const Activation& fn = activation(id);
  const Params p = resolve_params(fn, params);
  check_lengths(x, out);
  for (std::size_t i = 0; i < x.size(); ++i) out[i] = fn.value(x[i], p.data());
}

void activation_grad(std::string_view id, std::span<const double> x, std::span<const double> params,
                     std::span<double> out) {
  const Activation& fn = activation(id);
  const Params p = resolve_params(fn, params);
  check_lengths(x, out);
  for (std::size_t i = 0; i < x.size(); ++i) out[i] = fn.grad(x[i], p.data());
}

}  // namespace actlab
