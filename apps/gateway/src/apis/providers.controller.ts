import { Controller, Get } from '@nestjs/common';
import { ProviderInfo } from '@switchyard/contracts';
import { ApisService } from './apis.service';

/** `GET /api/providers`: the valid `provider` values of `/api/apis`, for the admin app's form. */
@Controller('providers')
export class ProvidersController {
  constructor(private readonly apis: ApisService) {}

  @Get()
  list(): ProviderInfo[] {
    return this.apis.providerNames();
  }
}
