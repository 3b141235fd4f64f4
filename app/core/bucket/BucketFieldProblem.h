// SPDX-License-Identifier: MIT
#pragma once

#include "Error.h"
#include "bucket/BucketField.h"

namespace Dbtu {

/** Why one field of a bucket connection cannot be used as it is (see BucketFieldValidation). */
struct BucketFieldProblem
{
    BucketField field = BucketField::Bucket;
    Error error; ///< InvalidInput: the message names the field and the rule, the hint the fix
    bool empty = false; ///< the field is required and still empty (not an error to paint yet)
};

} // namespace Dbtu
