// The one instantiation of the float network that the trainer runs (see the
// extern declaration at the end of network.hpp).
#include "network.hpp"

namespace actlab::detail {

template struct Network<float>;

}  // namespace actlab::detail
